using System;
using System.Linq;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The CPU engine against the seed's OhemCELoss in real PyTorch 1.13 (and every other mode against its own function in
    /// tests/oracle/ohem_oracle.py): the same rule and kept count, the loss within
    /// 1e-5 of the seed run in float64 and within float32 noise of the seed in float32, and the gradient within 1e-6
    /// (absolute) of autograd's on every pixel that is not tied with the cut-off.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchParityTests
    {
        private readonly OracleFixture oracle;

        public TorchParityTests(OracleFixture oracle) => this.oracle = oracle;

        public static TheoryData<string> CaseNames()
        {
            var data = new TheoryData<string>();
            foreach (OracleCase c in OracleCases.All())
            {
                data.Add(c.Name);
            }

            return data;
        }

        [SkippableTheory]
        [MemberData(nameof(CaseNames))]
        public void MatchesTheSeed(string name)
        {
            oracle.RequireTorch();
            OracleCase c = oracle.Cases[name];
            TorchResult torch = oracle.Results[name];
            var gradient = new float[c.Shape.Logits];
            gradient.AsSpan().Fill(float.NaN);
            OhemResult r = Run(c, oracle.EngineLogits[name], gradient);
            if (c.Spec.IsChannelsLast)
            {
                // Torch's channels_last memory is exactly our NHWC; the gradient comes back in it and is compared in N,C,H,W.
                Assert.Equal(c.Logits.Length, oracle.EngineLogits[name].Length);
                Assert.True(SameBits(Layouts.ToNhwc(c.Logits, c.Shape), oracle.EngineLogits[name]), $"{name}: torch's channels_last memory is not N,H,W,C");
                gradient = Layouts.ToNchw(gradient, c.Shape);
            }

            Assert.Equal(torch.ThreshLossBits, BitConverter.SingleToUInt32Bits(c.Spec.ThreshLoss));
            Assert.Equal(torch.Rule, r.Rule);
            Assert.Equal(c.ExpectedRule, r.Rule);
            Assert.Equal(torch.Kept, r.Kept);
            AssertLoss(torch, r.Loss);
            AssertGradient(c, torch, r, gradient);
        }

        [SkippableFact]
        public void ThreshLossEqualsTorchForManyThresholds()
        {
            oracle.RequireTorch();
            Assert.Equal(OracleCases.ThreshValues.Length, oracle.TorchThreshLossBits.Count);
            foreach (double t in OracleCases.ThreshValues)
            {
                uint ours = BitConverter.SingleToUInt32Bits(new OhemSpec(t).ThreshLoss);
                Assert.True(oracle.TorchThreshLossBits[t] == ours, $"thresh {t:R}: torch 0x{oracle.TorchThreshLossBits[t]:x8}, ours 0x{ours:x8}");
            }
        }

        [SkippableFact]
        public void EveryCaseRan()
        {
            oracle.RequireTorch();
            Assert.Equal(oracle.Cases.Count, oracle.Results.Count);
            // Both rules, both tie-free and tied cut-offs, every element type are covered.
            Assert.Contains(oracle.Results.Values, t => t.Rule == OhemRule.AboveThreshold);
            Assert.Contains(oracle.Results.Values, t => t.Rule == OhemRule.TopNMin);
            Assert.Equal(3, oracle.Cases.Values.Select(c => c.Spec.Logits).Distinct().Count());
            Assert.Equal(3, oracle.Cases.Values.Select(c => c.Spec.Labels).Distinct().Count());
            Assert.Equal(Enum.GetValues<OhemMode>().Length, oracle.Cases.Values.Select(c => c.Spec.Mode).Distinct().Count());
            Assert.Equal(Enum.GetValues<OhemLayout>().Length, oracle.Cases.Values.Select(c => c.Spec.Layout).Distinct().Count());
        }

        private static void AssertLoss(TorchResult torch, float loss)
        {
            if (float.IsNaN(torch.Loss) || float.IsInfinity(torch.Loss))
            {
                Assert.Equal(torch.Loss, loss);
                return;
            }

            double reference = torch.Loss64;
            Assert.True(Math.Abs(loss - reference) <= 1e-5 * Math.Abs(reference), $"loss {loss:R}, seed in float64 {reference:R}");
            int ulps = Math.Abs(BitConverter.SingleToInt32Bits(loss) - BitConverter.SingleToInt32Bits(torch.Loss));
            Assert.True(
                ulps <= 4 || Math.Abs(loss - torch.Loss) <= 2e-6 * Math.Abs(torch.Loss),
                $"loss {loss:R}, seed in float32 {torch.Loss:R} ({ulps} ulps apart)");
        }

        private static void AssertGradient(OracleCase c, TorchResult torch, OhemResult r, float[] ours)
        {
            float[] wide = c.WideLogits;
            long plane = c.Shape.Plane;
            float cut = r.Rule == OhemRule.TopNMin ? r.Threshold : c.Spec.ThreshLoss;
            int compared = 0;
            for (long p = 0; p < c.Shape.Pixels; ++p)
            {
                long n = p / plane;
                long offset = (n * c.Shape.C * plane) + (p - (n * plane));
                // Pixels tied with the cut-off (torch.sort orders ties arbitrarily) and pixels with non-finite logits
                // (torch's log-softmax backward gives NaN even to unselected ones; the engine gives 0) are not compared.
                float ce = torch.CrossEntropy[p];
                bool tied = Math.Abs(ce - cut) <= 1e-6 * Math.Max(Math.Abs(cut), 1e-3);
                bool finite = Enumerable.Range(0, c.Shape.C).All(k => float.IsFinite(wide[offset + (k * plane)]));
                if (tied || !finite || float.IsNaN(r.Loss))
                {
                    continue;
                }

                for (int k = 0; k < c.Shape.C; ++k)
                {
                    long i = offset + (k * plane);
                    double diff = Math.Abs(ours[i] - torch.Gradient[i]);
                    // A mean's gradient is ~1/kept, so its error is weighed by kept; a sum's (Reduction = Sum) is not divided.
                    if (diff > 1e-6 || diff * (c.Spec.IsSum ? 1 : r.Kept) > 2e-5)
                    {
                        Assert.Fail($"{c.Name}: gradient[{i}] (pixel {p}, class {k}) = {ours[i]:R}, torch {torch.Gradient[i]:R}; loss {ce:R}, kept {r.Kept}");
                    }
                }

                ++compared;
            }

            // Nothing kept can also tie every pixel with a cut-off of 0 (mmseg, one saturated valid pixel); the exact zero
            // check below covers that case.
            Assert.True(compared >= c.Shape.Pixels / 4 || float.IsNaN(r.Loss) || r.Kept == 0, $"{c.Name}: only {compared} of {c.Shape.Pixels} pixels compared");
            if (r.Kept == 0)
            {
                // Nothing kept (NaN loss, or 0 for mmseg and PaddleSeg): the engine's gradient is exactly zero everywhere.
                Assert.All(ours, g => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g)));
            }
        }

        private static bool SameBits(Array a, Array b) => (a, b) switch
        {
            (float[] x, float[] y) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan())),
            (Half[] x, Half[] y) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan())),
            (BFloat16[] x, BFloat16[] y) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan())),
            _ => false,
        };

        private static OhemResult Run(OracleCase c, Array logits, float[] gradient) => (logits, c.Labels) switch
        {
            (float[] x, long[] y) => Run(c, x, y, gradient),
            (float[] x, int[] y) => Run(c, x, y, gradient),
            (float[] x, byte[] y) => Run(c, x, y, gradient),
            (Half[] x, long[] y) => Run(c, x, y, gradient),
            (Half[] x, int[] y) => Run(c, x, y, gradient),
            (Half[] x, byte[] y) => Run(c, x, y, gradient),
            (BFloat16[] x, long[] y) => Run(c, x, y, gradient),
            (BFloat16[] x, int[] y) => Run(c, x, y, gradient),
            (BFloat16[] x, byte[] y) => Run(c, x, y, gradient),
            _ => throw new NotSupportedException(c.Name),
        };

        private static OhemResult Run<TLogit, TLabel>(OracleCase c, TLogit[] x, TLabel[] y, float[] gradient)
            where TLogit : unmanaged
            where TLabel : unmanaged
        {
            using var engine = new CpuOhemEngine(c.Spec, 2);
            OhemResult r = engine.Forward<TLogit, TLabel>(x, y, c.Shape);
            engine.Backward<TLogit, TLabel>(x, y, c.Shape, gradient);
            return r;
        }
    }
}
