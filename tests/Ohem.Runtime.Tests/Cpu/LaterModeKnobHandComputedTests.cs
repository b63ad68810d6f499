using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The policy knobs with MMSegByLoss, DeepLabTF, ModelGarden, TorchSeg and PytorchLossOhem, on the batch of
    /// <see cref="MoreModeHandComputedTests"/>: C = 2, four pixels, class-0 logits 0, class-1 logits a = {2, −2, 0, 1},
    /// labels 0, so loss = softplus(a) = {2.127, 0.127, ln 2, 1.313} (largest first: pixel 0, 3, 2, 1) and the
    /// true-class probabilities are {.119, .881, .5, .269}.
    /// </summary>
    public sealed class LaterModeKnobHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly long[] AllIgnored = { 255, 255, 255, 255 };
        private static readonly long[] EvenValid = { 0, 255, 0, 255 };

        /// <summary>Pixel 1 saturated: its loss is exactly 0 in float32 (p = 1), a valid pixel that only p ≤ 1 keeps.</summary>
        private static readonly float[] Saturated = { 2f, -200f, 0f, 1f };

        private static double L(float a) => Math.Log(1 + Math.Exp(a));

        private static double L(int pixel) => L(A[pixel]);

        private static float Loss(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, bool twoImages = false, float[]? a = null)
        {
            a ??= A;
            OhemShape shape = twoImages ? new OhemShape(2, 2, 1, 2) : new OhemShape(1, 2, 1, 4);
            float[] x = twoImages
                ? new float[] { 0f, 0f, a[0], a[1], 0f, 0f, a[2], a[3] }
                : new float[] { 0f, 0f, 0f, 0f, a[0], a[1], a[2], a[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, twoImages ? new[] { g[0], g[1], g[4], g[5], g[2], g[3], g[6], g[7] } : g);
        }

        private static Exception Refused(OhemSpec spec, long[] labels, bool twoImages = false)
        {
            OhemShape shape = twoImages ? new OhemShape(2, 2, 1, 2) : new OhemShape(1, 2, 1, 4);
            var x = twoImages ? new float[] { 0f, 0f, A[0], A[1], 0f, 0f, A[2], A[3] } : new float[] { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };
            using var engine = new CpuOhemEngine(spec, 1);
            var e = Record.Exception(() => engine.Forward<float, long>(x, labels, shape));
            Assert.NotNull(e);
            // A refused forward leaves nothing for a backward.
            Assert.Throws<InvalidOperationException>(() => engine.Backward<float, long>(x, labels, shape, new float[8]));
            return e!;
        }

        /// <summary>Which pixels got a gradient; each must be ∓σ(a) / divisor, and the others exactly 0.</summary>
        private static bool[] KeptPixels(float[] g, double divisor, float[]? a = null)
        {
            a ??= A;
            var result = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                result[p] = g[4 + p] != 0;
                if (result[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-a[p]));
                    Assert.True(Math.Abs(g[4 + p] - (sigma / divisor)) < 1e-7, $"pixel {p}: {g[4 + p]:R}");
                    Assert.True(Math.Abs(g[p] + (sigma / divisor)) < 1e-7, $"pixel {p}: {g[p]:R}");
                }
                else
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[p]));
                }
            }

            return result;
        }

        private static void AllZero(float[] g) => Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

        private static void Bitwise(OhemResult expected, OhemResult actual)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Loss), BitConverter.SingleToUInt32Bits(actual.Loss));
            Assert.Equal((expected.Kept, expected.Rule, expected.Threshold), (actual.Kept, actual.Rule, actual.Threshold));
        }

        // ---- Comparison ----

        [Fact]
        public void TorchSeg_Strict_OrderStatistic_DropsTheCutOff()
        {
            // Thresh .3, min_kept 3: θ = max(p at index 2 = .5, .3) = .5; p < .5 keeps pixels 0 and 3 (inclusive: 0, 3, 2).
            var (r, g) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2));
        }

        [Fact]
        public void TorchSeg_Strict_TiesAtTheCutOff_KeepNothing_ThenOnEmptyDecides()
        {
            // a = {1, 1, 1, −2}, thresh .1, min_kept 2: θ = .269 and p < θ holds for no pixel (inclusive keeps three).
            float[] a = { 1f, 1f, 1f, -2f };
            var (r, g) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict), AllValid, a: a);
            Assert.Equal(0, r.Kept);
            Assert.True(float.IsNaN(r.Loss));
            AllZero(g);

            var (z, gz) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero), AllValid, a: a);
            Assert.Equal(0, z.Kept);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(z.Loss));
            AllZero(gz);
        }

        [Theory]
        [InlineData(OhemMode.TorchSeg)]
        [InlineData(OhemMode.PytorchLossOhem)]
        public void InclusiveModes_StrictAtThreshOne_DropTheSaturatedValidPixel(OhemMode mode)
        {
            // Thresh 1 (τ = 0): p ≤ 1 keeps all four valid pixels, p < 1 (ℓ > 0) the three with a positive loss.
            var (inclusive, _) = Run(new OhemSpec(1.0, 1, numClasses: 2, mode: mode), AllValid, a: Saturated);
            Assert.Equal(4, inclusive.Kept);
            Close((L(2f) + L(0f) + L(1f)) / 4, inclusive.Loss);

            var (r, g) = Run(new OhemSpec(1.0, 1, numClasses: 2, mode: mode, comparison: OhemComparison.Strict), AllValid, a: Saturated);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(2f) + L(0f) + L(1f)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3, Saturated));
        }

        [Theory]
        [InlineData(OhemMode.TorchSeg, 3L)]
        [InlineData(OhemMode.TorchSeg, 5L)]
        [InlineData(OhemMode.PytorchLossOhem, 3L)]
        public void InclusiveModes_InclusiveIsTheDefault_BitForBit(OhemMode mode, long nMin)
        {
            var (d, gd) = Run(new OhemSpec(0.3, nMin, numClasses: 2, mode: mode), AllValid);
            var (i, gi) = Run(new OhemSpec(0.3, nMin, numClasses: 2, mode: mode, comparison: OhemComparison.Inclusive), AllValid);
            Bitwise(d, i);
            Assert.Equal(gd, gi);
        }

        [Fact]
        public void PytorchLoss_Strict_RankSlotsStayByIndex()
        {
            // Thresh .3: p < .3 holds for two pixels (< n_min 3), so the three lowest probabilities: pixels 0, 3, 2.
            var (r, g) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.PytorchLossOhem, comparison: OhemComparison.Strict), AllValid);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        // ---- NMinPolicy ----

        [Fact]
        public void TorchSeg_Clamp_MinesAtTheValidCount_InsteadOfNotMining()
        {
            // min_kept 5 > 4 valid. Default: no mining, every valid pixel. Clamp: k = 4, θ = max(p at index 3 = .881,
            // .01): inclusive keeps all four as well (bitwise the same), strict drops the easiest (pixel 1).
            var (d, _) = Run(new OhemSpec(0.01, 5, numClasses: 2, mode: OhemMode.TorchSeg), AllValid);
            var (c, _) = Run(new OhemSpec(0.01, 5, numClasses: 2, mode: OhemMode.TorchSeg, nMinPolicy: OhemNMinPolicy.Clamp), AllValid);
            Assert.Equal(4, c.Kept);
            Bitwise(d, c);

            var (s, _) = Run(new OhemSpec(0.01, 5, numClasses: 2, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict), AllValid);
            Assert.Equal(4, s.Kept);
            var (sc, g) = Run(new OhemSpec(0.01, 5, numClasses: 2, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp), AllValid);
            Assert.Equal(3, sc.Kept);
            Assert.Equal(Loss(1), sc.Threshold);
            Close((L(0) + L(2) + L(3)) / 3, sc.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void TorchSeg_Throw_WhenMinKeptExceedsTheValidCount()
        {
            var e = Assert.IsType<ArgumentOutOfRangeException>(Refused(new OhemSpec(0.7, 3, numClasses: 2, mode: OhemMode.TorchSeg, nMinPolicy: OhemNMinPolicy.Throw), EvenValid));
            Assert.Equal("nMin", e.ParamName);
            Assert.StartsWith("NMin = 3 is more than the 2 valid pixels of this batch, the candidates of Mode torchseg, and NMinPolicy = Throw.", e.Message);
            // min_kept = valid is TorchSeg's mining at the last probability, no error.
            var (r, _) = Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.TorchSeg, nMinPolicy: OhemNMinPolicy.Throw), EvenValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 2, r.Loss);
        }

        [Fact]
        public void MMSegByLoss_Throw_WhenMinKeptTimesNExceedsTheValidCount_ClampIsTheDefault()
        {
            var e = Assert.IsType<ArgumentOutOfRangeException>(Refused(new OhemSpec(0.7, 3, numClasses: 2, mode: OhemMode.MMSegByLoss, nMinPolicy: OhemNMinPolicy.Throw), AllValid, twoImages: true));
            Assert.Equal("nMin", e.ParamName);
            Assert.StartsWith("NMin = 3 (NMin × N = 6) is more than the 4 valid pixels of this batch, the candidates of Mode mmseg-loss, and NMinPolicy = Throw.", e.Message);

            var (r, _) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.MMSegByLoss, nMinPolicy: OhemNMinPolicy.Throw), AllValid, twoImages: true);
            Assert.Equal(4, r.Kept);
            var (d, _) = Run(new OhemSpec(0.7, 3, numClasses: 2, mode: OhemMode.MMSegByLoss), AllValid, twoImages: true);
            var (c, _) = Run(new OhemSpec(0.7, 3, numClasses: 2, mode: OhemMode.MMSegByLoss, nMinPolicy: OhemNMinPolicy.Clamp), AllValid, twoImages: true);
            Assert.Equal(4, c.Kept);
            Bitwise(d, c);
        }

        [Fact]
        public void PytorchLoss_Throw_WhenNMinReachesThePixelCount_BeforeTheForward()
        {
            var e = Assert.IsType<ArgumentOutOfRangeException>(Refused(new OhemSpec(0.3, 4, numClasses: 2, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Throw), AllValid));
            Assert.Equal("nMin", e.ParamName);
            Assert.StartsWith("NMin = 4 is not less than the 4 pixels (N·H·W) of this batch, the candidates of Mode pytorch-loss, which does not mine then; NMinPolicy = Throw.", e.Message);

            var f = Assert.IsType<ArgumentOutOfRangeException>(Refused(new OhemSpec(0.3, numClasses: 2, mode: OhemMode.PytorchLossOhem, fraction: 1.0, nMinPolicy: OhemNMinPolicy.Throw), AllValid));
            Assert.Equal("fraction", f.ParamName);
            Assert.Equal(1.0, f.ActualValue);
            Assert.Equal(4L, e.ActualValue);
            Assert.StartsWith("n_min = Fraction × N·H·W = 4 is not less than the 4 pixels", f.Message);

            // n_min 3 < 4 mines; Clamp is the default (n_min = N·H·W would keep every valid pixel, which is no mining).
            var (r, _) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Throw), AllValid);
            Assert.Equal(3, r.Kept);
            var (d, _) = Run(new OhemSpec(0.3, 9, numClasses: 2, mode: OhemMode.PytorchLossOhem), AllValid);
            var (c, _) = Run(new OhemSpec(0.3, 9, numClasses: 2, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Clamp), AllValid);
            Assert.Equal(4, c.Kept);
            Bitwise(d, c);
        }

        // ---- Candidates ----

        [Fact]
        public void DeepLabTF_ValidOnly_KIsAFractionOfTheValidPixels()
        {
            // Labels {0, 255, 0, 255}, fraction .5: over all pixels k = 2 (pixels 0 and 2); over the valid ones k = 1.
            var (d, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5), EvenValid);
            Assert.Equal(2, d.Kept);
            Close((L(0) + L(2)) / 2, d.Loss);

            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, candidates: OhemCandidates.ValidOnly), EvenValid);
            Assert.Equal(1, r.Kept);
            Assert.Equal(Loss(0), r.Threshold);
            Close(L(0), r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 1));
        }

        [Fact]
        public void ModelGarden_ValidOnly_DividesByKPlusEpsilon()
        {
            // fraction .75, two valid pixels: over all pixels k = 3 (an ignored zero in the top 3), divided by
            // min(3, 2) + 1e-5; over the valid ones k = int(.75 × 2) = 1, divided by 1 + 1e-5.
            var (d, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.75), EvenValid);
            Assert.Equal(3, d.Kept);
            Close((L(0) + L(2)) / (2 + 1e-5), d.Loss);

            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.75, candidates: OhemCandidates.ValidOnly), EvenValid);
            Assert.Equal(1, r.Kept);
            Close(L(0) / (1 + 1e-5), r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 1 + 1e-5));
        }

        [Theory]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        public void TensorFlowModes_ValidOnly_CountInFloat32(OhemMode mode)
        {
            // 100 valid pixels of 200, fraction .29: float32(.29) × 100 = 29.000002 → 29 (fp64 ⌊.29 × 100⌋ is 28).
            const int m = 200;
            var x = new float[2 * m];
            var y = new long[m];
            for (int p = 0; p < m; ++p)
            {
                x[m + p] = (p % 7) - 3f;
                y[p] = p < 100 ? 0 : 255;
            }

            using var engine = new CpuOhemEngine(new OhemSpec(numClasses: 2, mode: mode, fraction: 0.29, candidates: OhemCandidates.ValidOnly), 1);
            Assert.Equal(29, engine.Forward<float, long>(x, y, new OhemShape(1, 2, 1, m)).Kept);
        }

        [Fact]
        public void TorchSeg_ValidOnly_IsItsOwnCandidateSet_BitForBit()
        {
            var (d, _) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.TorchSeg), EvenValid);
            var (v, _) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.TorchSeg, candidates: OhemCandidates.ValidOnly), EvenValid);
            Bitwise(d, v);
        }

        // ---- Reduction = Sum ----

        [Fact]
        public void Sum_IsTheKeptSum_WithAnUndividedGradient()
        {
            // MMSegByLoss min_kept 2: pixels 0 and 3, not divided by N·H·W.
            var (m, gm) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.MMSegByLoss, reduction: OhemReduction.Sum), AllValid);
            Close(L(0) + L(3), m.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(gm, 1));

            // DeepLabTF fraction .5 (pixels 0 and 3), not divided by their non-zero count; f = 1: every valid loss.
            var (t, gt) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, reduction: OhemReduction.Sum), AllValid);
            Close(L(0) + L(3), t.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(gt, 1));
            var (t1, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, reduction: OhemReduction.Sum), EvenValid);
            Close(L(0) + L(2), t1.Loss);

            // ModelGarden fraction .75 with two valid pixels: the top 3 (an ignored zero among them), not over 2 + 1e-5.
            var (mg, gmg) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.75, reduction: OhemReduction.Sum), EvenValid);
            Assert.Equal(3, mg.Kept);
            Close(L(0) + L(2), mg.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(gmg, 1));

            // TorchSeg's order statistic (pixels 0, 3, 2) and its threshold rule (thresh .7: the same three).
            var (s, gs) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.TorchSeg, reduction: OhemReduction.Sum), AllValid);
            Assert.Equal(OhemRule.TopNMin, s.Rule);
            Close(L(0) + L(2) + L(3), s.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(gs, 1));
            var (sa, _) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.TorchSeg, reduction: OhemReduction.Sum), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, sa.Rule);
            Close(L(0) + L(2) + L(3), sa.Loss);

            // pytorch-loss's rank slots and its no-mining branch.
            var (p, gp) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.PytorchLossOhem, reduction: OhemReduction.Sum), AllValid);
            Close(L(0) + L(2) + L(3), p.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(gp, 1));
            var (pn, _) = Run(new OhemSpec(0.3, 9, numClasses: 2, mode: OhemMode.PytorchLossOhem, reduction: OhemReduction.Sum), AllValid);
            Assert.Equal(4, pn.Kept);
            Close(L(0) + L(1) + L(2) + L(3), pn.Loss);
        }

        [Theory]
        [InlineData(OhemMode.TorchSeg)]
        [InlineData(OhemMode.PytorchLossOhem)]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        public void Sum_OfNothingIsZero_UnlessOnEmptySaysNaN(OhemMode mode)
        {
            double fraction = mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden ? 0.5 : 0;
            var (z, gz) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: mode, fraction: fraction, reduction: OhemReduction.Sum), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(z.Loss));
            AllZero(gz);
            var (n, gn) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: mode, fraction: fraction, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), AllIgnored);
            // ModelGarden keeps k = 2 zero-valued slots (its kept count is k), so only the other modes are empty.
            if (mode == OhemMode.ModelGarden)
            {
                Assert.Equal(2, n.Kept);
                Assert.Equal(0u, BitConverter.SingleToUInt32Bits(n.Loss));
            }
            else
            {
                Assert.Equal(0, n.Kept);
                Assert.True(float.IsNaN(n.Loss));
            }

            AllZero(gn);
        }

        // ---- OnEmpty ----

        [Fact]
        public void OnEmpty_OverridesEachModesEmptyValue()
        {
            // TorchSeg and pytorch-loss give NaN for no valid pixel; Zero makes it 0.
            foreach (var mode in new[] { OhemMode.TorchSeg, OhemMode.PytorchLossOhem })
            {
                var (d, _) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: mode), AllIgnored);
                Assert.True(float.IsNaN(d.Loss));
                var (z, gz) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: mode, onEmpty: OhemOnEmpty.Zero), AllIgnored);
                Assert.Equal((0L, 0u), (z.Kept, BitConverter.SingleToUInt32Bits(z.Loss)));
                AllZero(gz);
            }

            // pytorch-loss's rank slots holding only zeros (n_min 2 over labels {0, 255, 255, 255} with a saturated
            // valid pixel 0 and nothing below thresh .01): NaN by default, 0 with Zero.
            float[] sat = { -200f, 0f, 0f, 0f };
            long[] first = { 0, 255, 255, 255 };
            var (pd, _) = Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.PytorchLossOhem), first, a: sat);
            Assert.Equal(0, pd.Kept);
            Assert.True(float.IsNaN(pd.Loss));
            var (pz, _) = Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.PytorchLossOhem, onEmpty: OhemOnEmpty.Zero), first, a: sat);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(pz.Loss));

            // MMSegByLoss (min_kept 0), DeepLabTF (an all-zero top k) give 0; NaN makes it NaN.
            var (m, _) = Run(new OhemSpec(0.7, 0, numClasses: 2, mode: OhemMode.MMSegByLoss), AllValid);
            Assert.Equal(0f, m.Loss);
            var (mn, gmn) = Run(new OhemSpec(0.7, 0, numClasses: 2, mode: OhemMode.MMSegByLoss, onEmpty: OhemOnEmpty.NaN), AllValid);
            Assert.Equal(0, mn.Kept);
            Assert.True(float.IsNaN(mn.Loss));
            AllZero(gmn);
            var (t, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5), AllIgnored);
            Assert.Equal(0f, t.Loss);
            var (tn, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, onEmpty: OhemOnEmpty.NaN), AllIgnored);
            Assert.True(float.IsNaN(tn.Loss));

            // ModelGarden with fraction .2 of 4 pixels: k = 0, 0 / (0 + 1e-5) = 0; NaN makes it NaN.
            var (g0, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.2, onEmpty: OhemOnEmpty.NaN), AllValid);
            Assert.Equal(0, g0.Kept);
            Assert.True(float.IsNaN(g0.Loss));
        }

        [Theory]
        [InlineData(OhemMode.TorchSeg, "torchseg")]
        [InlineData(OhemMode.PytorchLossOhem, "pytorch-loss")]
        [InlineData(OhemMode.MMSegByLoss, "mmseg-loss")]
        [InlineData(OhemMode.DeepLabTF, "deeplab-tf")]
        [InlineData(OhemMode.ModelGarden, "model-garden")]
        public void OnEmpty_Throw_NamesTheMode_AndANonEmptyForwardPasses(OhemMode mode, string name)
        {
            double fraction = mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden ? 0.5 : 0;
            var spec = new OhemSpec(0.7, 2, numClasses: 2, mode: mode, fraction: fraction, onEmpty: OhemOnEmpty.Throw);
            if (mode == OhemMode.ModelGarden)
            {
                // ModelGarden's k = 2 slots are kept even when they hold ignored zeros; k = 0 (fraction .2) is its empty case.
                spec = new OhemSpec(numClasses: 2, mode: mode, fraction: 0.2, onEmpty: OhemOnEmpty.Throw);
                var e0 = Assert.IsType<InvalidOperationException>(Refused(spec, AllValid));
                Assert.Equal($"No pixel was selected: none of the 4 valid pixels (of 4) passed the rule; Mode {name} with OnEmpty = Throw, spec {spec.Key}.", e0.Message);
                return;
            }

            var e = Assert.IsType<InvalidOperationException>(Refused(spec, AllIgnored));
            Assert.Equal($"No pixel was selected: 0 valid pixels among the 4; Mode {name} with OnEmpty = Throw, spec {spec.Key}.", e.Message);
            var (r, _) = Run(spec, AllValid);
            Assert.True(r.Kept > 0);
        }
    }
}
