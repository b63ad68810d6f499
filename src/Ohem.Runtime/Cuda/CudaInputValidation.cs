using System;
using System.Globalization;

namespace Ohem.Cuda
{
    /// <summary>Host-side checks made before any launch, so a bad call fails with a named argument, not a CUDA error.</summary>
    internal static class CudaInputValidation
    {
        public static void Shape(OhemSpec spec, OhemShape shape)
        {
            shape.Validate(nameof(shape));
            if (spec.HasFixedClassCount && spec.NumClasses != shape.C)
            {
                throw new ArgumentException(
                    $"Shape {shape} has C = {shape.C}, but this loss was generated with NumClasses = {spec.NumClasses}.", nameof(shape));
            }

            if (spec.NMin >= shape.Pixels)
            {
                throw new ArgumentOutOfRangeException(
                    "nMin",
                    spec.NMin,
                    $"NMin = {spec.NMin} must be less than the number of pixels N·H·W = {shape.Pixels} of shape {shape} (PyTorch's seed raises IndexError here).");
            }
        }

        public static void Length(string argument, long actual, long expected, OhemShape shape, string what)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"{argument} has {actual} elements, but shape {shape} needs {expected} ({what}).", argument);
            }
        }

        public static void Type(string argument, OhemElementType actual, OhemElementType expected)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"{argument} holds {actual} elements, but this loss was generated for {expected}.", argument);
            }
        }

        public static void HostTypes<TLogit, TLabel>(OhemSpec spec)
        {
            Type("logits", HostType<TLogit>("logits"), OhemElementTypes.Of(spec.Logits));
            Type("labels", HostType<TLabel>("labels"), OhemElementTypes.Of(spec.Labels));
        }

        public static OhemElementType HostType<T>(string argument)
        {
            if (typeof(T) == typeof(float)) return OhemElementType.Float32;
            if (typeof(T) == typeof(Half)) return OhemElementType.Float16;
            if (typeof(T) == typeof(BFloat16)) return OhemElementType.BFloat16;
            if (typeof(T) == typeof(long)) return OhemElementType.Int64;
            if (typeof(T) == typeof(int)) return OhemElementType.Int32;
            if (typeof(T) == typeof(byte)) return OhemElementType.UInt8;
            throw new ArgumentException($"{argument} has element type {typeof(T).Name}; expected float, Half or BFloat16 logits and long, int or byte labels.", argument);
        }

        public static ArgumentException BadLabel(OhemSpec spec, OhemShape shape, ulong index, long value) =>
            new ArgumentException(
                $"labels[{index.ToString(CultureInfo.InvariantCulture)}] = {value.ToString(CultureInfo.InvariantCulture)} is not a class in [0, {shape.C}) "
                + $"and not the ignore label {spec.IgnoreLabel}.",
                "labels");
    }
}
