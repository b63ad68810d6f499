using System;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// Hand-crafted local features per pixel (pixel-major: [pixel][feature]): intensity, box means at three scales,
    /// centre-surround differences, eight oriented line detectors and their maximum, a dot detector and the local
    /// spread. Borders clamp.
    /// </summary>
    internal static class Features
    {
        public const int Count = 17;

        private const int Orientations = 8, HalfLength = 2;

        /// <summary>Per orientation, the rounded offsets of a 5-pixel segment and of its two parallels 2 pixels away.</summary>
        private static readonly (int Dx, int Dy, int Nx, int Ny)[][] Segments = BuildSegments();

        public static float[] Compute(float[] image, int size)
        {
            int plane = size * size;
            var f = new float[Count * plane];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    int p = (y * size) + x;
                    float v = image[p];
                    float m3 = Box(image, size, x, y, 1), m5 = Box(image, size, x, y, 2), m9 = Box(image, size, x, y, 4);
                    var lines = new float[Orientations];
                    float best = float.NegativeInfinity;
                    for (int o = 0; o < Orientations; o++)
                    {
                        lines[o] = LineResponse(image, size, x, y, Segments[o]);
                        best = MathF.Max(best, lines[o]);
                    }

                    float ring = ((25f * m5) - (9f * m3)) / 16f;
                    float var5 = 0f;
                    for (int dy = -2; dy <= 2; dy++)
                    {
                        for (int dx = -2; dx <= 2; dx++)
                        {
                            float d = At(image, size, x + dx, y + dy) - m5;
                            var5 += d * d;
                        }
                    }

                    float[] values =
                    {
                        v, m3, m5, m9, v - m5, m3 - m9,
                        lines[0], lines[1], lines[2], lines[3], lines[4], lines[5], lines[6], lines[7], best,
                        m3 - ring, MathF.Sqrt(var5 / 25f),
                    };
                    for (int k = 0; k < Count; k++)
                    {
                        f[(p * Count) + k] = values[k];
                    }
                }
            }

            return f;
        }

        /// <summary>Mean along a segment through the pixel minus the mean of the two parallel segments beside it.</summary>
        private static float LineResponse(float[] image, int size, int x, int y, (int Dx, int Dy, int Nx, int Ny)[] segment)
        {
            float centre = 0f, side = 0f;
            foreach (var (dx, dy, nx, ny) in segment)
            {
                centre += At(image, size, x + dx, y + dy);
                side += At(image, size, x + dx + nx, y + dy + ny) + At(image, size, x + dx - nx, y + dy - ny);
            }

            return (centre / segment.Length) - (side / (2 * segment.Length));
        }

        private static (int, int, int, int)[][] BuildSegments()
        {
            var segments = new (int, int, int, int)[Orientations][];
            for (int o = 0; o < Orientations; o++)
            {
                double angle = Math.PI * o / Orientations, cos = Math.Cos(angle), sin = Math.Sin(angle);
                segments[o] = new (int, int, int, int)[(2 * HalfLength) + 1];
                for (int t = -HalfLength; t <= HalfLength; t++)
                {
                    segments[o][t + HalfLength] = ((int)Math.Round(t * cos), (int)Math.Round(t * sin), (int)Math.Round(-2 * sin), (int)Math.Round(2 * cos));
                }
            }

            return segments;
        }

        private static float Box(float[] image, int size, int x, int y, int r)
        {
            float sum = 0f;
            for (int dy = -r; dy <= r; dy++)
            {
                for (int dx = -r; dx <= r; dx++)
                {
                    sum += At(image, size, x + dx, y + dy);
                }
            }

            int side = (2 * r) + 1;
            return sum / (side * side);
        }

        private static float At(float[] image, int size, int x, int y) =>
            image[(Math.Clamp(y, 0, size - 1) * size) + Math.Clamp(x, 0, size - 1)];
    }
}
