using System;

namespace Ohem.Runtime.Tests.Support
{
    /// <summary>The same (N, C, H, W) tensor stored channels-first (NCHW) or channels-last (NHWC).</summary>
    public static class Layouts
    {
        /// <summary>NCHW → NHWC: element (n, c, h, w) moves from ((n·C + c)·H + h)·W + w to ((n·H + h)·W + w)·C + c.</summary>
        public static T[] ToNhwc<T>(T[] nchw, OhemShape shape) => Permute(nchw, shape, toNhwc: true);

        /// <summary>NHWC → NCHW, the inverse of <see cref="ToNhwc{T}(T[], OhemShape)"/>.</summary>
        public static T[] ToNchw<T>(T[] nhwc, OhemShape shape) => Permute(nhwc, shape, toNhwc: false);

        /// <summary><see cref="ToNhwc{T}(T[], OhemShape)"/> of a float[], Half[] or BFloat16[].</summary>
        public static Array ToNhwc(Array nchw, OhemShape shape) => nchw switch
        {
            float[] f => ToNhwc(f, shape),
            Half[] h => ToNhwc(h, shape),
            BFloat16[] b => ToNhwc(b, shape),
            _ => throw new NotSupportedException(nchw.GetType().Name),
        };

        private static T[] Permute<T>(T[] source, OhemShape shape, bool toNhwc)
        {
            if (source.LongLength != shape.Logits)
            {
                throw new ArgumentException($"length {source.LongLength}, expected {shape.Logits} for {shape}", nameof(source));
            }

            var result = new T[source.Length];
            long plane = shape.Plane;
            for (long n = 0; n < shape.N; ++n)
            {
                for (long c = 0; c < shape.C; ++c)
                {
                    for (long q = 0; q < plane; ++q)
                    {
                        long channelsFirst = (((n * shape.C) + c) * plane) + q;
                        long channelsLast = (((n * plane) + q) * shape.C) + c;
                        if (toNhwc)
                        {
                            result[channelsLast] = source[channelsFirst];
                        }
                        else
                        {
                            result[channelsFirst] = source[channelsLast];
                        }
                    }
                }
            }

            return result;
        }
    }
}
