using System;
using System.Threading.Tasks;

namespace Ohem.GpuCheck
{
    /// <summary>A deterministic batch like a half-trained segmentation net's: logits in ±4, the true class boosted by U(0, 8), 5 % ignored.</summary>
    internal sealed class Batch
    {
        public Batch(OhemShape shape, int ignore, ulong seed)
        {
            Shape = shape;
            Logits = new float[shape.Logits];
            Labels = new long[shape.Pixels];
            long plane = shape.Plane;
            int c = shape.C;
            Parallel.For(0, shape.N * shape.H, row =>
            {
                int n = row / shape.H;
                ulong state = seed ^ ((ulong)row * 0x9E3779B97F4A7C15UL);
                long first = ((long)n * plane) + ((long)(row % shape.H) * shape.W);
                for (long p = first; p < first + shape.W; p++)
                {
                    long s = p - ((long)n * plane);
                    double u = Next(ref state);
                    int label = u < 0.05 ? ignore : (int)(Next(ref state) * c);
                    Labels[p] = label;
                    for (int k = 0; k < c; k++)
                    {
                        float v = (float)((Next(ref state) * 8) - 4);
                        if (k == label)
                        {
                            v += (float)(Next(ref state) * 8);
                        }

                        Logits[((((long)n * c) + k) * plane) + s] = v;
                    }
                }
            });
        }

        public OhemShape Shape { get; }

        public float[] Logits { get; }

        public long[] Labels { get; }

        public Half[] LogitsHalf() => Array.ConvertAll(Logits, v => (Half)v);

        private static double Next(ref ulong state)
        {
            // splitmix64: fast, and each row has its own stream, so the batch is the same for any thread count.
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
