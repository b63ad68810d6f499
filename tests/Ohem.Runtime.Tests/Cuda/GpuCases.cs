using System;
using System.Collections.Generic;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>Batches for the GPU-vs-CPU tests: random, sharpened (top-NMin rule), all-tied, all-ignored, NaN and extreme logits.</summary>
    internal static class GpuCases
    {
        public static readonly string[] Specs = { "classes19", "default", "f16-u8", "bf16-i32-ignore-1", "classes150", "classes2", "bisenet-v2", "hrnet-f16-u8", "topk-percent-bf16", "mmseg-u8", "paddleseg-f16", "nhwc-classes19", "nhwc-classes150-bf16", "nhwc-hrnet-f16-u8", "nhwc-topk-percent", "bisenet-v1-weights", "hrnet-weights-bf16", "paddleseg-weights-u8",
            "per-image-classes19", "per-image-paddleseg-bf16", "per-image-hrnet-u8", "paddleseg-bootstrapped-f16",
            "mmseg-loss-bf16", "deeplab-tf", "model-garden-u8", "torchseg-f16", "pytorch-loss",
            "paddleseg-topk-f16", "paddleseg-topk-1-u8", "deeplab2", "deeplab2-1-nhwc-bf16",
            "bisenet-v2-inclusive-sum-zero", "paddleseg-inclusive-nan",
            "torchseg-strict-clamp-sum-f16", "pytorch-loss-strict-zero", "deeplab-tf-valid-only-sum-nan", "model-garden-valid-only-bf16", "mmseg-loss-sum-nan-u8",
            "combo-per-image-hrnet-weights-inclusive-sum", "combo-per-image-v1-valid-inclusive-zero-f16", "combo-paddleseg-weights-inclusive-zero-bf16", "combo-topk-percent-weights-valid-sum",
            "mmseg-loss-weights-bf16", "deeplab-tf-weights-u8", "model-garden-weights-nhwc", "torchseg-weights-f16", "combo-per-image-torchseg-nhwc-weights-bf16",
            "later-per-image-pytorch-loss-strict-sum-u8", "later-weights-model-garden-valid-only-zero-bf16", "later-weights-torchseg-per-image-clamp-f16", "later-weights-torchseg-sum-bf16",
            "knob-weights-torchseg-strict-zero", "knob-weights-torchseg-per-image-strict-nan-f16",
            "knob-bootstrapped-inclusive-sum-nan-nhwc", "knob-bootstrapped-valid-zero-weights-bf16", "knob-paddleseg-topk-valid-sum-zero-f16", "knob-deeplab2-valid-nan-nhwc", "knob-deeplab2-sum" };

        public static readonly string[] Inputs = { "random", "sharpened", "tied", "ignored", "nan", "extreme" };

        public static IEnumerable<object[]> All()
        {
            foreach (string spec in Specs)
            {
                foreach (string input in Inputs)
                {
                    yield return new object[] { spec, input };
                }
            }
        }

        /// <summary>A spec from the built-in list with NMin fitted to the batch (it must stay below N·H·W).</summary>
        public static OhemSpec Spec(string name, long nMin)
        {
            var s = CompileSpecs.BuiltIn[name];
            return new OhemSpec(
                s.Thresh, nMin, s.IgnoreLabel, s.NumClasses, s.Logits, s.Labels, s.Mode, s.Fraction, s.AverageOverValid, s.Layout, s.ClassWeights, s.Scope,
                s.Comparison, s.OnEmpty, s.NMinPolicy, s.Candidates, s.Reduction);
        }

        public static (float[] Logits, long[] Labels, OhemShape Shape, long NMin) Make(string input, OhemSpec spec, int seed)
        {
            int classes = spec.HasFixedClassCount ? spec.NumClasses : 21;
            // Not a multiple of the 1024-pixel tile, two images.
            var shape = new OhemShape(2, classes, 37, 61);
            var rng = new Random(seed);
            float[] x = Support.Inputs.Logits(rng, shape);
            long[] y = Support.Inputs.Labels(rng, shape, spec.IgnoreLabel);
            long nMin = shape.Pixels / 8;
            switch (input)
            {
                case "sharpened":
                    Support.Inputs.Sharpen(x, y, shape, spec.IgnoreLabel, rng, 12f);
                    nMin = shape.Pixels / 3;
                    break;
                case "tied":
                    Array.Fill(x, 0.25f);
                    nMin = shape.Pixels / 2;
                    break;
                case "ignored":
                    Array.Fill(y, spec.IgnoreLabel);
                    nMin = 10;
                    break;
                case "nan":
                    for (int i = 0; i < x.Length; i += 97) x[i] = float.NaN;
                    nMin = shape.Pixels / 4;
                    break;
                case "extreme":
                    for (int i = 0; i < x.Length; i += 5) x[i] = (i % 2 == 0 ? 1 : -1) * 60000f;
                    break;
            }

            // Per image, NMin counts the pixels of one image (and must stay below H·W for the seed's rule).
            return (x, y, shape, spec.IsPerImage ? nMin / shape.N : nMin);
        }
    }
}
