using System;

namespace Ohem.Runtime.Tests.Support
{
    /// <summary>Seeded random batches: logits with a spread like a segmentation net's, labels with an ignored share.</summary>
    public static class Inputs
    {
        public static float[] Logits(Random rng, OhemShape shape, float spread = 4f)
        {
            var x = new float[shape.Logits];
            for (long i = 0; i < x.Length; ++i)
            {
                x[i] = (float)(((rng.NextDouble() * 2) - 1) * spread);
            }

            return x;
        }

        /// <summary>Labels in [0, C) with roughly <paramref name="ignoredShare"/> of them the ignore label.</summary>
        public static long[] Labels(Random rng, OhemShape shape, int ignore, double ignoredShare = 0.1)
        {
            var y = new long[shape.Pixels];
            for (long p = 0; p < y.Length; ++p)
            {
                y[p] = rng.NextDouble() < ignoredShare ? ignore : rng.Next(shape.C);
            }

            return y;
        }

        /// <summary>Makes the true class likely (as a half-trained net does), so many losses fall below the threshold.</summary>
        public static void Sharpen(float[] logits, long[] labels, OhemShape shape, int ignore, Random rng, float boost)
        {
            long plane = shape.Plane;
            for (long p = 0; p < labels.Length; ++p)
            {
                if (labels[p] == ignore || labels[p] < 0 || labels[p] >= shape.C)
                {
                    continue;
                }

                long n = p / plane;
                logits[(n * shape.C * plane) + (labels[p] * plane) + (p - (n * plane))] += (float)(rng.NextDouble() * boost);
            }
        }

        public static int[] ToInt32(long[] y) => Array.ConvertAll(y, v => (int)v);

        public static byte[] ToByte(long[] y) => Array.ConvertAll(y, v => (byte)v);

        public static Half[] ToHalf(float[] x) => Array.ConvertAll(x, v => (Half)v);

        public static float[] FromHalf(Half[] x) => Array.ConvertAll(x, v => (float)v);

        public static BFloat16[] ToBFloat16(float[] x) => Array.ConvertAll(x, v => (BFloat16)v);

        public static float[] FromBFloat16(BFloat16[] x) => Array.ConvertAll(x, v => (float)v);
    }
}
