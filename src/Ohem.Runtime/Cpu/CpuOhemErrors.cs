using System;
using System.Globalization;

namespace Ohem.Cpu
{
    /// <summary>The engine's argument errors: each names the argument, the value and what was expected.</summary>
    internal static class CpuOhemErrors
    {
        private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static ArgumentException Length(string argument, long actual, OhemShape shape, long expected, string what) =>
            new($"{argument} has {I(actual)} elements, but shape {shape} needs {what} = {I(expected)}.", argument);

        public static ArgumentException ClassCount(OhemShape shape, int numClasses) =>
            new($"Shape {shape} has C = {I(shape.C)}, but this loss was built for NumClasses = {I(numClasses)}.", "shape");

        public static ArgumentException LogitType(Type actual, OhemLogits expected) =>
            new($"The logits are {actual.Name}, but the spec expects {ExpectedLogitType(expected)} (Logits = {expected}).", "logits");

        public static ArgumentException LabelType(Type actual, OhemLabels expected) =>
            new($"The labels are {actual.Name}, but the spec expects {ExpectedLabelType(expected)} (Labels = {expected}).", "labels");

        public static ArgumentException BadLabel(long index, long value, int ignore, int classes) =>
            new($"labels[{I(index)}] = {I(value)} is neither the ignore label {I(ignore)} nor a class in [0, {I(classes)}).", "labels");

        public static ArgumentOutOfRangeException NMinTooLarge(long nMin, long pixels) =>
            new("nMin", nMin, $"NMin = {I(nMin)} must be less than the pixel count N·H·W = {I(pixels)} (the seed's loss[n_min] would raise IndexError in PyTorch).");

        public static ArgumentOutOfRangeException NMinTooLargePerImage(long nMin, long plane) =>
            new("nMin", nMin, $"NMin = {I(nMin)} must be less than the pixel count of one image H·W = {I(plane)}: the selection is per image (the seed's loss[n_min], PaddleSeg's sorted_loss[min_K], would raise IndexError).");

        /// <summary>
        /// The seed's rule indexes loss[n_min], so NMin must be below the pixels it selects from: N·H·W per batch, H·W
        /// per image. Only for the modes that use that rule (the others clamp NMin or stop mining).
        /// </summary>
        public static void CheckNMin(OhemSpec spec, OhemShape shape)
        {
            if (!spec.NMinMustBeBelowPixels)
            {
                return;
            }

            if (spec.IsPerImage && spec.NMin >= shape.Plane)
            {
                throw NMinTooLargePerImage(spec.NMin, shape.Plane);
            }

            if (spec.NMin >= shape.Pixels)
            {
                throw NMinTooLarge(spec.NMin, shape.Pixels);
            }
        }

        public static InvalidOperationException NoForward() =>
            new("Backward needs a successful Forward on the same inputs first; this engine has none.");

        public static InvalidOperationException ShapeChanged(OhemShape shape, OhemShape last) =>
            new($"Backward was given shape {shape}, but the last Forward ran on shape {last}; run Forward on these inputs first.");

        public static string ExpectedLogitType(OhemLogits logits) => logits switch
        {
            OhemLogits.Float32 => nameof(Single),
            OhemLogits.Float16 => nameof(Half),
            _ => nameof(BFloat16),
        };

        public static string ExpectedLabelType(OhemLabels labels) => labels switch
        {
            OhemLabels.Int64 => nameof(Int64),
            OhemLabels.Int32 => nameof(Int32),
            _ => nameof(Byte),
        };
    }
}
