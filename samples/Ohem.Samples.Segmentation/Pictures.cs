using System;
using System.IO;
using SkiaSharp;

namespace Ohem.Samples.Segmentation
{
    /// <summary>PNG grids: one row per validation scene; columns input, ground truth, OHEM prediction, plain-CE prediction.</summary>
    internal static class Pictures
    {
        private static readonly SKColor[] Palette =
        {
            new(40, 48, 72),     // background
            new(70, 160, 90),    // region
            new(250, 210, 40),   // thin line
            new(235, 60, 160),   // small dot
        };

        private static readonly SKColor IgnoreColor = new(128, 128, 128);

        public static void Write(string path, Dataset data, byte[][] ohem, byte[][] plain, int rows, int scale = 4)
        {
            int size = data.Size, gap = 6, columns = 4;
            rows = Math.Min(rows, data.Validation.Length);
            int width = (columns * size * scale) + ((columns + 1) * gap);
            int height = (rows * size * scale) + ((rows + 1) * gap);
            using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            bitmap.Erase(SKColors.White);
            for (int r = 0; r < rows; r++)
            {
                var scene = data.Validation[r];
                int top = gap + (r * ((size * scale) + gap));
                Draw(bitmap, gap, top, size, scale, p => Grey(scene.Image[p]));
                Draw(bitmap, gap + (1 * ((size * scale) + gap)), top, size, scale, p => Colour(scene.Labels[p]));
                Draw(bitmap, gap + (2 * ((size * scale) + gap)), top, size, scale, p => scene.Labels[p] == Scenes.Ignore ? IgnoreColor : Palette[ohem[r][p]]);
                Draw(bitmap, gap + (3 * ((size * scale) + gap)), top, size, scale, p => scene.Labels[p] == Scenes.Ignore ? IgnoreColor : Palette[plain[r][p]]);
            }

            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, png.ToArray());
        }

        private static SKColor Colour(byte label) => label == Scenes.Ignore ? IgnoreColor : Palette[label];

        private static SKColor Grey(float value)
        {
            byte v = (byte)Math.Clamp((int)(value * 255f), 0, 255);
            return new SKColor(v, v, v);
        }

        private static void Draw(SKBitmap bitmap, int left, int top, int size, int scale, Func<int, SKColor> colour)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    var c = colour((y * size) + x);
                    for (int dy = 0; dy < scale; dy++)
                    {
                        for (int dx = 0; dx < scale; dx++)
                        {
                            bitmap.SetPixel(left + (x * scale) + dx, top + (y * scale) + dy, c);
                        }
                    }
                }
            }
        }
    }
}
