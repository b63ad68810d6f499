using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The SIMD math must give the scalar math's bits on every lane, for ordinary and special inputs.</summary>
    public sealed class VectorMathParityTests
    {
        private static IEnumerable<float> ExpInputs()
        {
            float[] special =
            {
                0f, -0f, -1e-45f, -1.17549435e-38f, -1e-30f, -1e-7f, -0.5f, -0.6931472f, -1f, -2f, -10f, -50f,
                -86.99999f, -87f, -87.00001f, -87.3f, -87.33654f, -87.5f, -88f, -88.72283f, -100f, -103.97f, -1e4f, -2e4f,
                float.NegativeInfinity, float.NaN, float.MinValue, -float.Epsilon,
            };
            foreach (float v in special)
            {
                yield return v;
            }

            // Every float between -87.01 and -86.99 lies near the cut-off; walk a stretch of them bit by bit.
            uint start = BitConverter.SingleToUInt32Bits(-86.999f);
            for (uint i = 0; i < 4096; ++i)
            {
                yield return BitConverter.UInt32BitsToSingle(start + i);
            }

            var rng = new Random(1);
            for (int i = 0; i < 200_000; ++i)
            {
                yield return -(float)(rng.NextDouble() * (i % 3 == 0 ? 100 : 20));
            }

            for (int i = 0; i < 20_000; ++i)
            {
                // Random bit patterns of non-positive floats, denormals included.
                yield return -BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 0x7f800000L));
            }
        }

        private static IEnumerable<float> LogInputs()
        {
            float[] special = { 1f, 1.0000001f, 1.4142135f, 1.4142137f, 2f, 2.7182817f, 3f, 19f, 150f, 1000f, 1e4f, 3.4e38f, float.PositiveInfinity, float.NaN };
            foreach (float v in special)
            {
                yield return v;
            }

            var rng = new Random(2);
            for (int i = 0; i < 200_000; ++i)
            {
                yield return 1f + (float)(rng.NextDouble() * (i % 2 == 0 ? 2 : 1000));
            }

            for (int i = 0; i < 20_000; ++i)
            {
                yield return BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0x3f800000L, 0x7f800000L));
            }
        }

        [Fact]
        public void VectorIsAcceleratedHere()
        {
            // The parity tests below would only compare the software fallback otherwise.
            Assert.True(OhemVectorMath.IsAccelerated, "Vector256 is not hardware accelerated on this machine.");
        }

        [Fact]
        public void PolynomialConstantsAreTheSharedOnes()
        {
            // The CPU code embeds the coefficients as constants; they must be the emitter's, bit for bit.
            float[] exp = { OhemPolynomials.E0, OhemPolynomials.E1, OhemPolynomials.E2, OhemPolynomials.E3, OhemPolynomials.E4, OhemPolynomials.E5 };
            float[] log = { OhemPolynomials.L0, OhemPolynomials.L1, OhemPolynomials.L2, OhemPolynomials.L3, OhemPolynomials.L4, OhemPolynomials.L5, OhemPolynomials.L6, OhemPolynomials.L7, OhemPolynomials.L8 };
            Assert.Equal(Array.ConvertAll(OhemMathConstants.ExpPoly, BitConverter.SingleToUInt32Bits), Array.ConvertAll(exp, BitConverter.SingleToUInt32Bits));
            Assert.Equal(Array.ConvertAll(OhemMathConstants.LogPoly, BitConverter.SingleToUInt32Bits), Array.ConvertAll(log, BitConverter.SingleToUInt32Bits));
        }

        [Fact]
        public void ExpLanesMatchScalarBitwise() => CompareLanes(ExpInputs(), OhemVectorMath.Exp, OhemScalarMath.Exp, "Exp");

        [Fact]
        public void LogLanesMatchScalarBitwise() => CompareLanes(LogInputs(), OhemVectorMath.Log, OhemScalarMath.Log, "Log");

        [Fact]
        public void ExpIsAccurateAndCutsOffBelowMinus87()
        {
            Assert.Equal(1f, OhemScalarMath.Exp(0f));
            Assert.Equal(0f, OhemScalarMath.Exp(-87.00001f));
            Assert.Equal(0f, OhemScalarMath.Exp(float.NegativeInfinity));
            Assert.True(float.IsNaN(OhemScalarMath.Exp(float.NaN)));
            for (float x = -86.9f; x < 0; x += 0.37f)
            {
                double exact = Math.Exp(x);
                Assert.True(Math.Abs(OhemScalarMath.Exp(x) - exact) <= 2.5e-7 * exact, $"exp({x}) = {OhemScalarMath.Exp(x)}, expected {exact}");
            }
        }

        [Fact]
        public void LogIsAccurate()
        {
            Assert.Equal(0f, OhemScalarMath.Log(1f));
            Assert.True(float.IsNaN(OhemScalarMath.Log(float.NaN)));
            for (float d = 1f; d < 2000f; d = (d * 1.013f) + 0.001f)
            {
                double exact = Math.Log(d);
                Assert.True(Math.Abs(OhemScalarMath.Log(d) - exact) <= 2.5e-7 * Math.Max(exact, 1e-3), $"log({d}) = {OhemScalarMath.Log(d)}, expected {exact}");
            }
        }

        [Fact]
        public void HalfWideningIsExactForAllBitPatterns()
        {
            var lanes = new ushort[8];
            for (int h = 0; h < 65536; h += 8)
            {
                for (int i = 0; i < 8; ++i)
                {
                    lanes[i] = (ushort)(h + i);
                }

                Vector256<float> wide = LogitConvert.Load8(ref System.Runtime.CompilerServices.Unsafe.As<ushort, Half>(ref lanes[0]));
                for (int i = 0; i < 8; ++i)
                {
                    float expected = (float)BitConverter.UInt16BitsToHalf(lanes[i]);
                    float scalar = LogitConvert.HalfBitsToSingle(lanes[i]);
                    AssertSameOrBothNaN(expected, scalar, $"half 0x{lanes[i]:x4} scalar");
                    AssertSameOrBothNaN(expected, wide.GetElement(i), $"half 0x{lanes[i]:x4} vector");
                }
            }
        }

        [Fact]
        public void BFloat16WideningIsExact()
        {
            var lanes = new BFloat16[8];
            for (int h = 0; h < 65536; h += 8)
            {
                for (int i = 0; i < 8; ++i)
                {
                    lanes[i] = new BFloat16((ushort)(h + i));
                }

                Vector256<float> wide = LogitConvert.Load8(ref lanes[0]);
                for (int i = 0; i < 8; ++i)
                {
                    Assert.Equal(BitConverter.SingleToUInt32Bits((float)lanes[i]), BitConverter.SingleToUInt32Bits(wide.GetElement(i)));
                    Assert.Equal(BitConverter.SingleToUInt32Bits((float)lanes[i]), BitConverter.SingleToUInt32Bits(LogitConvert.ToSingle(lanes[i])));
                }
            }
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(19)]
        [InlineData(150)]
        public unsafe void PixelLossLanesMatchScalarBitwise(int classes)
        {
            // Eight pixels per row group; rows mix ordinary logits with NaN, ±inf, ±1e4, denormals and exact ties.
            var rng = new Random(classes);
            float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e4f, -1e4f, 1e-40f, -1e-40f, 0f, -0f, 87f, -87f, 88.5f };
            var x = new float[classes * 8];
            var y = new int[8];
            for (int trial = 0; trial < 3000; ++trial)
            {
                int mode = trial % 4;
                for (int i = 0; i < x.Length; ++i)
                {
                    x[i] = mode switch
                    {
                        0 => (float)((rng.NextDouble() * 2) - 1) * 8f,
                        1 => rng.Next(40) == 0 ? specials[rng.Next(specials.Length)] : (float)((rng.NextDouble() * 2) - 1) * 100f,
                        2 => (float)rng.Next(-2, 3),
                        _ => (float)((rng.NextDouble() * 2) - 1) * 2e4f,
                    };
                }

                for (int i = 0; i < 8; ++i)
                {
                    y[i] = rng.Next(classes);
                }

                Vector256<float> lanes;
                fixed (float* px = x)
                {
                    lanes = CpuOhemKernel<float, long>.VectorLoss(px, 8, classes, Vector256.Create(y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]));
                }

                for (int i = 0; i < 8; ++i)
                {
                    float scalar = OhemScalarMath.PixelLoss(ref x[i], 8, classes, y[i]);
                    Assert.True(
                        BitConverter.SingleToUInt32Bits(scalar) == BitConverter.SingleToUInt32Bits(lanes.GetElement(i)),
                        $"trial {trial} lane {i}: scalar {scalar} (0x{BitConverter.SingleToUInt32Bits(scalar):x8}) vs vector {lanes.GetElement(i)} (0x{BitConverter.SingleToUInt32Bits(lanes.GetElement(i)):x8})");
                }
            }
        }

        private static void CompareLanes(IEnumerable<float> inputs, Func<Vector256<float>, Vector256<float>> vector, Func<float, float> scalar, string name)
        {
            var buffer = new List<float>(inputs);
            while (buffer.Count % 8 != 0)
            {
                buffer.Add(buffer[0]);
            }

            float[] values = buffer.ToArray();
            for (int i = 0; i < values.Length; i += 8)
            {
                Vector256<float> result = vector(Vector256.Create(values, i));
                for (int lane = 0; lane < 8; ++lane)
                {
                    uint expected = BitConverter.SingleToUInt32Bits(scalar(values[i + lane]));
                    uint actual = BitConverter.SingleToUInt32Bits(result.GetElement(lane));
                    Assert.True(expected == actual, $"{name}({values[i + lane]:R} = 0x{BitConverter.SingleToUInt32Bits(values[i + lane]):x8}): scalar 0x{expected:x8}, vector 0x{actual:x8}");
                }
            }
        }

        private static void AssertSameOrBothNaN(float expected, float actual, string what)
        {
            if (float.IsNaN(expected))
            {
                Assert.True(float.IsNaN(actual), $"{what}: expected NaN, got {actual}");
                return;
            }

            Assert.True(BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual), $"{what}: expected {expected:R}, got {actual:R}");
        }
    }
}
