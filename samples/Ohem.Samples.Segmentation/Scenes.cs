using System;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// Procedural grey-level scenes where OHEM matters: a large easy background and a large easy region, plus thin
    /// lines and small dots that cover a few percent of the pixels and look, pixel by pixel, much like the rest.
    /// </summary>
    internal static class Scenes
    {
        public const int Classes = 4;
        public const byte Background = 0, Region = 1, Line = 2, Dot = 3, Ignore = 255;
        public const int Border = 2;

        public static readonly string[] Names = { "background", "region", "thin line", "small dot" };

        public static readonly string[] ShortNames = { "bg", "region", "line", "dot" };

        /// <summary>One scene: the noisy image and its labels (row-major, size×size).</summary>
        public sealed record Scene(float[] Image, byte[] Labels, int Size);

        public static Scene Generate(int size, Random random)
        {
            var clean = new float[size * size];
            var labels = new byte[size * size];

            // Background: a soft gradient, so absolute brightness alone does not separate classes.
            float gx = (random.NextSingle() - 0.5f) * 0.3f, gy = (random.NextSingle() - 0.5f) * 0.3f;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    clean[(y * size) + x] = 0.35f + (gx * x / size) + (gy * y / size);
                }
            }

            // One large ellipse, brighter.
            float cx = size * (0.3f + (0.4f * random.NextSingle())), cy = size * (0.3f + (0.4f * random.NextSingle()));
            float rx = size * (0.18f + (0.15f * random.NextSingle())), ry = size * (0.18f + (0.15f * random.NextSingle()));
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    float dx = (x - cx) / rx, dy = (y - cy) / ry;
                    if ((dx * dx) + (dy * dy) <= 1f)
                    {
                        clean[(y * size) + x] += 0.3f;
                        labels[(y * size) + x] = Region;
                    }
                }
            }

            // Thin lines, one pixel wide, slightly brighter than what they cross.
            int lines = 2 + random.Next(2);
            for (int l = 0; l < lines; l++)
            {
                double angle = random.NextDouble() * Math.PI;
                double px = random.NextDouble() * size, py = random.NextDouble() * size;
                double dx = Math.Cos(angle), dy = Math.Sin(angle);
                for (double t = -size * 1.5; t <= size * 1.5; t += 0.5)
                {
                    int x = (int)Math.Round(px + (t * dx)), y = (int)Math.Round(py + (t * dy));
                    if (x >= 0 && y >= 0 && x < size && y < size && labels[(y * size) + x] != Line)
                    {
                        clean[(y * size) + x] += 0.22f;
                        labels[(y * size) + x] = Line;
                    }
                }
            }

            // Small dark dots.
            int dots = 4 + random.Next(4);
            for (int d = 0; d < dots; d++)
            {
                int ox = random.Next(size), oy = random.Next(size);
                double radius = 1.5 + random.NextDouble();
                for (int y = Math.Max(0, oy - 3); y <= Math.Min(size - 1, oy + 3); y++)
                {
                    for (int x = Math.Max(0, ox - 3); x <= Math.Min(size - 1, ox + 3); x++)
                    {
                        if (((x - ox) * (x - ox)) + ((y - oy) * (y - oy)) <= radius * radius && labels[(y * size) + x] != Dot)
                        {
                            clean[(y * size) + x] -= 0.28f;
                            labels[(y * size) + x] = Dot;
                        }
                    }
                }
            }

            var image = new float[size * size];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = clean[i] + (0.1f * Gaussian(random));
            }

            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    if (x < Border || y < Border || x >= size - Border || y >= size - Border)
                    {
                        labels[(y * size) + x] = Ignore;
                    }
                }
            }

            return new Scene(image, labels, size);
        }

        private static float Gaussian(Random random)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}
