using System;

namespace Ohem.Cli
{
    /// <summary>Random inputs for a spec: logits uniform in [-4, 4) and never zero, labels uniform with about 5% ignored.</summary>
    internal static class RandomBatch
    {
        public static Batch Create(OhemSpec spec, OhemShape shape, Random random)
        {
            var wide = new float[shape.Logits];
            for (long i = 0; i < wide.LongLength; i++)
            {
                float v = (random.NextSingle() * 8f) - 4f;
                wide[i] = v == 0f ? 0.5f : v;
            }

            Array logits = spec.Logits switch
            {
                OhemLogits.Float16 => Array.ConvertAll(wide, v => (Half)v),
                OhemLogits.BFloat16 => Array.ConvertAll(wide, v => (BFloat16)v),
                _ => wide,
            };
            var classes = new long[shape.Pixels];
            for (long i = 0; i < classes.LongLength; i++)
            {
                classes[i] = random.Next(20) == 0 ? spec.IgnoreLabel : random.Next(shape.C);
            }

            Array labels = spec.Labels switch
            {
                OhemLabels.Int32 => Array.ConvertAll(classes, v => (int)v),
                OhemLabels.UInt8 => Array.ConvertAll(classes, v => (byte)v),
                _ => classes,
            };
            return new Batch(logits, labels, shape);
        }
    }
}
