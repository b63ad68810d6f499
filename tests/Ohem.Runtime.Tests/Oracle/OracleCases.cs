using System;
using System.Collections.Generic;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>The batches compared with PyTorch: random ones for both rules and hand-made edges. Seeded: reproducible.</summary>
    public static partial class OracleCases
    {
        /// <summary>Thresh values whose −ln(Thresh) in float32 must equal torch's.</summary>
        public static readonly double[] ThreshValues = { 0.7, 0.5, 0.9, 0.3, 0.6, 0.8, 0.95, 0.99, 0.999, 0.01, 1e-5, 1.0, 0.6931471805599453, 0.123456789 };

        public static IReadOnlyList<OracleCase> All()
        {
            var cases = new List<OracleCase>
            {
                Random("above-f32-i64", new OhemShape(2, 19, 32, 48), 0.7, 100, 255, 0f, 0.1, OhemRule.AboveThreshold),
                Random("topk-f32-i64", new OhemShape(2, 19, 32, 48), 0.7, 2000, 255, 14f, 0.1, OhemRule.TopNMin),
                Random("ignored-zeros-averaged-in", new OhemShape(1, 19, 16, 16), 0.7, 200, 255, 14f, 0.6, OhemRule.TopNMin),
                Random("c2-above", new OhemShape(2, 2, 24, 40), 0.7, 100, 255, 2f, 0.1, OhemRule.AboveThreshold),
                Random("c2-topk", new OhemShape(2, 2, 24, 40), 0.7, 1500, 255, 6f, 0.1, OhemRule.TopNMin),
                Random("c150-above", new OhemShape(1, 150, 16, 20), 0.7, 30, 255, 0f, 0.1, OhemRule.AboveThreshold),
                Random("c150-topk", new OhemShape(1, 150, 16, 20), 0.7, 250, 255, 16f, 0.1, OhemRule.TopNMin),
                Random("odd-shape-runtime-c", new OhemShape(3, 7, 5, 13), 0.6, 40, 255, 4f, 0.2, OhemRule.AboveThreshold, bakedClasses: false),
                Random("ignore-minus1-i64", new OhemShape(2, 19, 16, 24), 0.7, 600, -1, 10f, 0.3, OhemRule.TopNMin),
                Random("ignore-minus1-i32", new OhemShape(2, 19, 16, 24), 0.7, 50, -1, 4f, 0.3, OhemRule.AboveThreshold, labels: OhemLabels.Int32),
                Random("u8-labels", new OhemShape(2, 19, 16, 24), 0.7, 650, 255, 10f, 0.2, OhemRule.TopNMin, labels: OhemLabels.UInt8),
                Random("f16-above", new OhemShape(2, 19, 24, 32), 0.7, 100, 255, 2f, 0.1, OhemRule.AboveThreshold, logits: OhemLogits.Float16),
                Random("f16-topk", new OhemShape(2, 19, 24, 32), 0.7, 1000, 255, 14f, 0.1, OhemRule.TopNMin, logits: OhemLogits.Float16),
                Random("bf16-topk-u8", new OhemShape(1, 19, 24, 32), 0.7, 400, 255, 14f, 0.1, OhemRule.TopNMin, logits: OhemLogits.BFloat16, labels: OhemLabels.UInt8),
                Random("thresh-0.9", new OhemShape(1, 19, 20, 20), 0.9, 100, 255, 6f, 0.1, OhemRule.AboveThreshold),
                Random("thresh-0.3", new OhemShape(1, 19, 20, 20), 0.3, 100, 255, 6f, 0.1, OhemRule.AboveThreshold),
                // More than one 32 768-pixel chunk, an image boundary inside a chunk, planes not a multiple of 8.
                Random("multi-chunk-above", new OhemShape(3, 19, 121, 123), 0.7, 1000, 255, 3f, 0.1, OhemRule.AboveThreshold),
                Random("multi-chunk-topk", new OhemShape(3, 19, 121, 123), 0.7, 30_000, 255, 12f, 0.1, OhemRule.TopNMin),
                Extreme(),
                Ties(),
                NaNs("nan-logits-above", 20, OhemRule.AboveThreshold, 0.7),
                NaNs("nan-logits-topk", 200, OhemRule.TopNMin, 0.7),
                NaNs("nan-nmin0", 0, OhemRule.TopNMin, 0.0001),
                Infinite(),
                NothingAbove(),
            };
            cases.AddRange(ModeCases());
            cases.AddRange(MoreModeCases());
            cases.AddRange(TopKModeCases());
            cases.AddRange(KnobCases());
            cases.AddRange(LaterKnobCases());
            cases.AddRange(LaterKnobScopeCases());
            cases.AddRange(BootstrappedKnobCases());
            cases.AddRange(TopKModeKnobCases());
            cases.AddRange(LaterWeightCases());
            cases.AddRange(TorchSegWeightedKnobCases());
            return cases;
        }

        private static OracleCase Random(string name, OhemShape shape, double thresh, long nMin, int ignore, float boost, double ignoredShare, OhemRule rule,
            OhemLogits logits = OhemLogits.Float32, OhemLabels labels = OhemLabels.Int64, bool bakedClasses = true)
        {
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, ignore, ignoredShare);
            Inputs.Sharpen(x, y, shape, ignore, rng, boost);
            return Make(name, shape, new OhemSpec(thresh, nMin, ignore, bakedClasses ? shape.C : 0, logits, labels), x, y, rule);
        }

        private static OracleCase Extreme()
        {
            // Logits of ±1e4 and mixed magnitudes: losses of thousands next to exact zeros.
            var shape = new OhemShape(1, 19, 16, 24);
            var rng = new Random(StableSeed("extreme"));
            float[] x = Inputs.Logits(rng, shape);
            for (int i = 0; i < x.Length; ++i)
            {
                int pick = rng.Next(4);
                x[i] = pick == 0 ? 1e4f : pick == 1 ? -1e4f : x[i] * 1000f;
            }

            long[] y = Inputs.Labels(rng, shape, 255);
            return Make("extreme-1e4", shape, new OhemSpec(0.7, 50, 255, 19), x, y, OhemRule.AboveThreshold);
        }

        private static OracleCase Ties()
        {
            // Logits in {0, 1, 2} and C = 4 give a handful of distinct losses, each shared by many pixels.
            var shape = new OhemShape(2, 4, 20, 30);
            var rng = new Random(StableSeed("ties"));
            var x = new float[shape.Logits];
            for (int i = 0; i < x.Length; ++i)
            {
                x[i] = rng.Next(3);
            }

            long[] y = Inputs.Labels(rng, shape, 255, 0.05);
            return Make("ties-at-cut-off", shape, new OhemSpec(0.01, 333, 255, 4), x, y, OhemRule.TopNMin);
        }

        private static OracleCase NaNs(string name, long nMin, OhemRule rule, double thresh)
        {
            var shape = new OhemShape(1, 5, 16, 16);
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, 6f);
            for (int i = 0; i < 6; ++i)
            {
                x[rng.Next(x.Length)] = float.NaN;
            }

            return Make(name, shape, new OhemSpec(thresh, nMin, 255, 5), x, y, rule);
        }

        private static OracleCase Infinite()
        {
            // A −∞ true-class logit gives a +∞ loss; a +∞ logit gives NaN (∞ − ∞), in torch as here.
            var shape = new OhemShape(1, 3, 8, 8);
            var rng = new Random(StableSeed("inf"));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255, 0);
            x[(y[3] * 64) + 3] = float.NegativeInfinity;
            x[(y[9] * 64) + 9] = float.NegativeInfinity;
            x[(((y[20] + 1) % 3) * 64) + 20] = float.PositiveInfinity;
            return Make("infinite-logits", shape, new OhemSpec(0.7, 10, 255, 3), x, y, OhemRule.AboveThreshold);
        }

        private static OracleCase NothingAbove()
        {
            // NMin = 0 and every loss below the threshold: torch.mean of an empty tensor, NaN.
            var shape = new OhemShape(1, 3, 8, 8);
            var rng = new Random(StableSeed("empty"));
            float[] x = Inputs.Logits(rng, shape, 0.1f);
            long[] y = Inputs.Labels(rng, shape, 255);
            return Make("nmin0-nothing-above", shape, new OhemSpec(0.01, 0, 255, 3), x, y, OhemRule.TopNMin);
        }

        private static OracleCase Make(string name, OhemShape shape, OhemSpec spec, float[] x, long[] y, OhemRule rule) => new()
        {
            Name = name,
            Shape = shape,
            Spec = spec.EnsureValid(),
            Logits = spec.Logits switch
            {
                OhemLogits.Float16 => Inputs.ToHalf(x),
                OhemLogits.BFloat16 => Inputs.ToBFloat16(x),
                _ => x,
            },
            Labels = spec.Labels switch
            {
                OhemLabels.Int32 => Inputs.ToInt32(y),
                OhemLabels.UInt8 => Inputs.ToByte(y),
                _ => y,
            },
            ExpectedRule = rule,
        };

        private static int StableSeed(string name)
        {
            int h = 17;
            foreach (char ch in name)
            {
                h = unchecked((h * 31) + ch);
            }

            return h & 0x7fffffff;
        }
    }
}
