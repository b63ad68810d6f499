using System;
using Ohem.NumPy;

namespace Ohem.Cli
{
    /// <summary>Something to run on typed inputs; lets one generic method serve every logits × labels combination.</summary>
    internal interface IBatchAction<out TResult>
    {
        TResult Run<TLogit, TLabel>(TLogit[] logits, TLabel[] labels, OhemShape shape)
            where TLogit : unmanaged
            where TLabel : unmanaged;
    }

    /// <summary>Logits (float, Half or BFloat16) and labels (long, int or byte) of one batch, with their shape.</summary>
    internal sealed class Batch
    {
        public Batch(Array logits, Array labels, OhemShape shape)
        {
            Logits = logits;
            Labels = labels;
            Shape = shape;
        }

        public Array Logits { get; }

        public Array Labels { get; }

        public OhemShape Shape { get; }

        public TResult Apply<TResult>(IBatchAction<TResult> action) => Logits switch
        {
            float[] x => WithLabels(x, action),
            Half[] x => WithLabels(x, action),
            BFloat16[] x => WithLabels(x, action),
            _ => throw new NotSupportedException($"Logits of {Logits.GetType().Name} are not supported."),
        };

        private TResult WithLabels<TLogit, TResult>(TLogit[] x, IBatchAction<TResult> action)
            where TLogit : unmanaged => Labels switch
        {
            long[] y => action.Run(x, y, Shape),
            int[] y => action.Run(x, y, Shape),
            byte[] y => action.Run(x, y, Shape),
            _ => throw new NotSupportedException($"Labels of {Labels.GetType().Name} are not supported."),
        };

        /// <summary>
        /// Logits from a float32 or float16 array, converted to <paramref name="type"/>: widening is exact, narrowing
        /// rounds to nearest even (bfloat16 is not a NumPy dtype, so bf16 logits always come from such a conversion).
        /// </summary>
        public static Array ConvertLogits(NpyArray array, OhemLogits type)
        {
            float[] wide = array.DType switch
            {
                NpyDType.Float32 => array.AsSpan<float>().ToArray(),
                NpyDType.Float16 => Widen(array.AsSpan<Half>()),
                _ => throw CliException.Input($"{array.Source}: logits dtype is '{NpyDTypes.Descr(array.DType)}', but float32 ('<f4') or float16 ('<f2') was expected."),
            };
            if (type == OhemLogits.Float32)
            {
                return wide;
            }

            if (type == OhemLogits.Float16)
            {
                return array.DType == NpyDType.Float16 ? array.AsSpan<Half>().ToArray() : Array.ConvertAll(wide, v => (Half)v);
            }

            return Array.ConvertAll(wide, v => (BFloat16)v);
        }

        /// <summary>The labels as stored; the file's dtype must be the spec's.</summary>
        public static Array LabelsOf(NpyArray array, OhemLabels type)
        {
            var expected = DTypeOf(type);
            if (array.DType != expected)
            {
                throw CliException.Input($"{array.Source}: labels dtype is '{NpyDTypes.Descr(array.DType)}', but --labels-type {OhemSpec.LabelsName(type)} expects '{NpyDTypes.Descr(expected)}'.");
            }

            return type switch
            {
                OhemLabels.Int64 => array.AsSpan<long>().ToArray(),
                OhemLabels.Int32 => array.AsSpan<int>().ToArray(),
                _ => array.AsSpan<byte>().ToArray(),
            };
        }

        /// <summary>The labels type a file holds.</summary>
        public static OhemLabels LabelsTypeOf(NpyArray array) => array.DType switch
        {
            NpyDType.Int64 => OhemLabels.Int64,
            NpyDType.Int32 => OhemLabels.Int32,
            NpyDType.UInt8 => OhemLabels.UInt8,
            _ => throw CliException.Input($"{array.Source}: labels dtype is '{NpyDTypes.Descr(array.DType)}', but int64 ('<i8'), int32 ('<i4') or uint8 ('|u1') was expected."),
        };

        /// <summary>The logits type a file holds.</summary>
        public static OhemLogits LogitsTypeOf(NpyArray array) => array.DType switch
        {
            NpyDType.Float32 => OhemLogits.Float32,
            NpyDType.Float16 => OhemLogits.Float16,
            _ => throw CliException.Input($"{array.Source}: logits dtype is '{NpyDTypes.Descr(array.DType)}', but float32 ('<f4') or float16 ('<f2') was expected."),
        };

        public static NpyDType DTypeOf(OhemLabels type) => type switch
        {
            OhemLabels.Int64 => NpyDType.Int64,
            OhemLabels.Int32 => NpyDType.Int32,
            _ => NpyDType.UInt8,
        };

        /// <summary>The first label that is neither ignored nor a class, as (flat index, value); null when all are fine.</summary>
        public (long Index, long Value)? FirstBadLabel(int ignoreLabel)
        {
            int classes = Shape.C;
            return Labels switch
            {
                long[] y => Find(y, v => v),
                int[] y => Find(y, v => v),
                byte[] y => Find(y, v => v),
                _ => null,
            };

            (long, long)? Find<T>(T[] y, Func<T, long> widen)
            {
                for (long i = 0; i < y.LongLength; i++)
                {
                    long v = widen(y[i]);
                    if (v != ignoreLabel && (v < 0 || v >= classes))
                    {
                        return (i, v);
                    }
                }

                return null;
            }
        }

        private static float[] Widen(ReadOnlySpan<Half> values)
        {
            var wide = new float[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                wide[i] = (float)values[i];
            }

            return wide;
        }
    }
}
