using System;

namespace Ohem.Benchmarks
{
    /// <summary>
    /// A Cityscapes-like batch: 19 classes with a skewed label mix (road, building, vegetation dominate), 10% of
    /// pixels ignored (255) in horizontal runs, and logits of a half-trained net (the true class usually, not always,
    /// ahead), so the loss is a realistic mix of easy and hard pixels.
    /// </summary>
    public sealed class BenchInputs
    {
        // Approximate Cityscapes class frequencies (percent of labelled pixels).
        private static readonly double[] Frequency = { 36.9, 6.1, 22.8, 0.7, 0.9, 1.2, 0.2, 0.6, 15.9, 1.2, 4.0, 1.2, 0.1, 7.0, 0.3, 0.2, 0.2, 0.1, 0.4 };

        public BenchInputs(int n, int c, int h, int w, int seed = 42)
        {
            Shape = new OhemShape(n, c, h, w);
            Logits = new float[Shape.Logits];
            Labels = new long[Shape.Pixels];
            var rng = new Random(seed);
            double total = 0;
            var cumulative = new double[c];
            for (int k = 0; k < c; ++k)
            {
                total += k < Frequency.Length ? Frequency[k] : 0.1;
                cumulative[k] = total;
            }

            long plane = Shape.Plane;
            for (long p = 0; p < Shape.Pixels; ++p)
            {
                if (p % w == 0 && rng.NextDouble() < 0.1)
                {
                    // A run of ignored pixels (void regions come in blobs).
                    long run = Math.Min(w, (long)(rng.NextDouble() * w));
                    for (long i = 0; i < run && p + i < Shape.Pixels; ++i)
                    {
                        Labels[p + i] = 255;
                    }
                }

                if (Labels[p] == 255)
                {
                    continue;
                }

                double u = rng.NextDouble() * total;
                int label = Array.FindIndex(cumulative, v => u < v);
                Labels[p] = label < 0 ? c - 1 : label;
            }

            for (long i = 0; i < Logits.Length; ++i)
            {
                Logits[i] = (rng.NextSingle() * 6f) - 3f;
            }

            for (long p = 0; p < Shape.Pixels; ++p)
            {
                if (Labels[p] != 255)
                {
                    long n0 = p / plane;
                    Logits[(n0 * c * plane) + (Labels[p] * plane) + (p - (n0 * plane))] += rng.NextSingle() * 9f;
                }
            }
        }

        public OhemShape Shape { get; }

        public float[] Logits { get; }

        public long[] Labels { get; }
    }
}
