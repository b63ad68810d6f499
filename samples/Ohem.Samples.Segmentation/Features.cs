using System;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// Hand-crafted local features per pixel (feature-major: [feature][pixel]): intensity, box means at three scales,
    /// centre-surround differences, four oriented line detectors and a dot detector. Borders clamp.
    /// </summary>
    internal static class Features
    {
        public const int Count = 13;

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
                    float h = LineResponse(image, size, x, y, 1, 0), vt = LineResponse(image, size, x, y, 0, 1);
                    float d1 = LineResponse(image, size, x, y, 1, 1), d2 = LineResponse(image, size, x, y, 1, -1);
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
                        v, m3, m5, m9, v - m5, m3 - m9, h, vt, d1, d2,
                        MathF.Max(MathF.Max(h, vt), MathF.Max(d1, d2)), m3 - ring, MathF.Sqrt(var5 / 25f),
                    };
                    for (int k = 0; k < Count; k++)
                    {
                        f[(k * plane) + p] = values[k];
                    }
                }
            }

            return f;
        }

        /// <summary>Mean along a 3-pixel segment through the pixel minus the mean of the two parallel segments two pixels away.</summary>
        private static float LineResponse(float[] image, int size, int x, int y, int ux, int uy)
        {
            // (ux, uy) is the line direction; (-uy, ux) its normal.
            int nx = -uy, ny = ux;
            float centre = 0f, side = 0f;
            for (int t = -1; t <= 1; t++)
            {
                centre += At(image, size, x + (t * ux), y + (t * uy));
                side += At(image, size, x + (t * ux) + (2 * nx), y + (t * uy) + (2 * ny));
                side += At(image, size, x + (t * ux) - (2 * nx), y + (t * uy) - (2 * ny));
            }

            return (centre / 3f) - (side / 6f);
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
