using System;

namespace Ohem
{
    /// <summary>The shape of a batch: logits N×C×H×W (NCHW), labels N×H×W.</summary>
    public readonly record struct OhemShape(int N, int C, int H, int W)
    {
        /// <summary>N·H·W, the number of pixels (the unit of selection).</summary>
        public long Pixels => (long)N * H * W;

        /// <summary>H·W, the stride between class planes.</summary>
        public long Plane => (long)H * W;

        /// <summary>N·C·H·W, the number of logits.</summary>
        public long Logits => Pixels * C;

        /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="argument"/> when a dimension is not positive or the counts overflow.</summary>
        public void Validate(string argument)
        {
            if (N <= 0 || C <= 0 || H <= 0 || W <= 0)
            {
                throw new ArgumentException($"Shape {this} must have every dimension positive (N, C, H, W ≥ 1).", argument);
            }

            if (C < 2)
            {
                throw new ArgumentException($"Shape {this} has C = {C}, but cross-entropy needs at least 2 classes.", argument);
            }

            try
            {
                _ = checked((long)N * H * W * C);
            }
            catch (OverflowException)
            {
                throw new ArgumentException($"Shape {this} has more than 2^63 logits.", argument);
            }
        }

        /// <inheritdoc/>
        public override string ToString() => $"{N}×{C}×{H}×{W}";
    }
}
