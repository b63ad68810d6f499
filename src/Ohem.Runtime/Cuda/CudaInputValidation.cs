using System;
using Ohem.Cpu;

namespace Ohem.Cuda
{
    /// <summary>
    /// Host-side checks made before any launch, so a bad call fails with a named argument, not a CUDA error.
    /// The messages are the CPU engine's (<see cref="CpuOhemErrors"/>): both backends fail the same way.
    /// </summary>
    internal static class CudaInputValidation
    {
        /// <summary>Shape, baked class count, element types and lengths, then NMin, in the CPU engine's order.</summary>
        public static void Inputs(OhemSpec spec, OhemShape shape, OhemElementType logits, long logitCount, OhemElementType labels, long labelCount)
        {
            shape.Validate(nameof(shape));
            if (spec.HasFixedClassCount && spec.NumClasses != shape.C)
            {
                throw CpuOhemErrors.ClassCount(shape, spec.NumClasses);
            }

            Type(nameof(logits), logits, OhemElementTypes.Of(spec.Logits));
            Type(nameof(labels), labels, OhemElementTypes.Of(spec.Labels));
            Length(nameof(logits), logitCount, shape.Logits, shape, "N·C·H·W");
            Length(nameof(labels), labelCount, shape.Pixels, shape, "N·H·W");
            CpuOhemErrors.CheckNMin(spec, shape);
        }

        public static void Length(string argument, long actual, long expected, OhemShape shape, string what)
        {
            if (actual != expected)
            {
                throw CpuOhemErrors.Length(argument, actual, shape, expected, what);
            }
        }

        public static void Type(string argument, OhemElementType actual, OhemElementType expected)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"The {argument} are {actual}, but the spec expects {expected}.", argument);
            }
        }

        public static void HostTypes<TLogit, TLabel>(OhemSpec spec)
        {
            if (HostType<TLogit>() != OhemElementTypes.Of(spec.Logits))
            {
                throw CpuOhemErrors.LogitType(typeof(TLogit), spec.Logits);
            }

            if (HostType<TLabel>() != OhemElementTypes.Of(spec.Labels))
            {
                throw CpuOhemErrors.LabelType(typeof(TLabel), spec.Labels);
            }
        }

        private static OhemElementType? HostType<T>()
        {
            if (typeof(T) == typeof(float)) return OhemElementType.Float32;
            if (typeof(T) == typeof(Half)) return OhemElementType.Float16;
            if (typeof(T) == typeof(BFloat16)) return OhemElementType.BFloat16;
            if (typeof(T) == typeof(long)) return OhemElementType.Int64;
            if (typeof(T) == typeof(int)) return OhemElementType.Int32;
            if (typeof(T) == typeof(byte)) return OhemElementType.UInt8;
            return null;
        }

        public static ArgumentException BadLabel(OhemSpec spec, OhemShape shape, ulong index, long value) =>
            CpuOhemErrors.BadLabel((long)index, value, spec.IgnoreLabel, shape.C);
    }
}
