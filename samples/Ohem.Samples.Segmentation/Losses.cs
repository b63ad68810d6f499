using System;

namespace Ohem.Samples.Segmentation
{
    /// <summary>What one loss evaluation gives the trainer.</summary>
    internal readonly record struct LossStep(float Loss, long Kept, string Rule);

    /// <summary>A segmentation loss with its gradient: fills d(loss)/d(logits) (NCHW).</summary>
    internal interface ISegmentationLoss : IDisposable
    {
        string Name { get; }

        LossStep Compute(float[] logits, byte[] labels, OhemShape shape, float[] gradient);
    }

    /// <summary>The generated OHEM loss: Forward, then Backward of the same inputs.</summary>
    internal sealed class OhemSegmentationLoss : ISegmentationLoss
    {
        private readonly SceneLoss loss;

        public OhemSegmentationLoss(SceneLoss loss) => this.loss = loss;

        public string Name => "OHEM";

        public LossStep Compute(float[] logits, byte[] labels, OhemShape shape, float[] gradient)
        {
            var result = loss.Forward(logits, labels, shape);
            loss.Backward(logits, labels, shape, gradient);
            return new LossStep(result.Loss, result.Kept, result.Rule == OhemRule.AboveThreshold ? "above-threshold" : "top-n-min");
        }

        public void Dispose() => loss.Dispose();
    }

    /// <summary>
    /// Plain cross-entropy, the baseline: the mean of the per-pixel loss over every valid (not ignored) pixel, as
    /// <c>nn.CrossEntropyLoss(ignore_index=255)</c>. Written out here rather than as an OHEM spec: Thresh = 1 would
    /// still drop pixels whose loss rounds to exactly 0, so it is not quite the same mean.
    /// </summary>
    internal sealed class PlainCrossEntropy : ISegmentationLoss
    {
        public string Name => "plain CE";

        public LossStep Compute(float[] logits, byte[] labels, OhemShape shape, float[] gradient)
        {
            long plane = shape.Plane;
            int classes = shape.C;
            Array.Clear(gradient);
            long valid = 0;
            for (long p = 0; p < shape.Pixels; p++)
            {
                valid += labels[p] == Scenes.Ignore ? 0 : 1;
            }

            double sum = 0;
            float scale = valid == 0 ? 0f : (float)(1.0 / valid);
            var probabilities = new float[classes];
            for (long p = 0; p < shape.Pixels; p++)
            {
                int y = labels[p];
                if (y == Scenes.Ignore)
                {
                    continue;
                }

                long n = p / plane, s = p % plane;
                long at(int c) => (((n * classes) + c) * plane) + s;
                float max = float.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    max = MathF.Max(max, logits[at(c)]);
                }

                float denominator = 0f;
                for (int c = 0; c < classes; c++)
                {
                    probabilities[c] = MathF.Exp(logits[at(c)] - max);
                    denominator += probabilities[c];
                }

                sum += (max - logits[at(y)]) + MathF.Log(denominator);
                for (int c = 0; c < classes; c++)
                {
                    gradient[at(c)] = ((probabilities[c] / denominator) - (c == y ? 1f : 0f)) * scale;
                }
            }

            return new LossStep(valid == 0 ? float.NaN : (float)(sum / valid), valid, "all valid");
        }

        public void Dispose()
        {
        }
    }
}
