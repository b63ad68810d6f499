using System;
using Ohem;
using Ohem.Samples.Segmentation;
using Xunit;

namespace Ohem.Samples.Segmentation.Tests
{
    /// <summary>The sample's hand-written backward passes against central finite differences in double precision.</summary>
    public sealed class GradientTests
    {
        [Fact]
        public void Plain_cross_entropy_is_the_mean_over_valid_pixels_and_its_gradient_matches_finite_differences()
        {
            var shape = new OhemShape(2, 4, 3, 3);
            var random = new Random(3);
            var logits = new float[shape.Logits];
            for (int i = 0; i < logits.Length; i++)
            {
                logits[i] = (random.NextSingle() * 4f) - 2f;
            }

            var labels = new byte[shape.Pixels];
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = i % 5 == 0 ? Scenes.Ignore : (byte)random.Next(4);
            }

            var gradient = new float[logits.Length];
            var step = new PlainCrossEntropy().Compute(logits, labels, shape, gradient);
            Assert.Equal(Array.FindAll(labels, l => l != Scenes.Ignore).Length, step.Kept);
            Assert.Equal(Reference(logits, labels, shape), step.Loss, 5);
            for (int i = 0; i < logits.Length; i++)
            {
                double numeric = NumericDerivative(x => Reference(x, labels, shape), logits, i);
                Assert.Equal(numeric, gradient[i], 3);
            }
        }

        [Fact]
        public void Mlp_parameter_gradient_matches_finite_differences()
        {
            const int inputs = 5, hidden = 16, classes = 3, plane = 6;
            var random = new Random(5);
            var model = new PixelMlp(inputs, hidden, classes, random);
            var features = new[] { Random(plane * inputs, random), Random(plane * inputs, random) };
            var upstream = Random(2 * classes * plane, random);

            // L = Σ upstream · logits, so d(L)/d(logits) = upstream.
            double Objective()
            {
                var logits = new float[2 * classes * plane];
                model.Forward(features, plane, logits, new float[2 * plane * hidden]);
                double sum = 0;
                for (int i = 0; i < logits.Length; i++)
                {
                    sum += (double)upstream[i] * logits[i];
                }

                return sum;
            }

            var activations = new float[2 * plane * hidden];
            model.Forward(features, plane, new float[2 * classes * plane], activations);
            var analytic = model.Backward(features, plane, upstream, activations);
            var parameters = model.Parameters;
            int checkedCount = 0;
            for (int i = 0; i < parameters.Length; i += 7)
            {
                float saved = parameters[i];
                const float h = 1e-2f;
                parameters[i] = saved + h;
                double plus = Objective();
                parameters[i] = saved - h;
                double minus = Objective();
                parameters[i] = saved;
                Assert.Equal((plus - minus) / (2 * h), analytic[i], 2);
                checkedCount++;
            }

            Assert.True(checkedCount > 20);
            Assert.Contains(analytic, g => Math.Abs(g) > 0.1f);
        }

        [Fact]
        public void Scenes_have_an_ignored_border_and_every_class()
        {
            var scene = Scenes.Generate(64, new Random(1));
            for (int i = 0; i < 64; i++)
            {
                Assert.Equal(Scenes.Ignore, scene.Labels[i]);
                Assert.Equal(Scenes.Ignore, scene.Labels[(63 * 64) + i]);
                Assert.Equal(Scenes.Ignore, scene.Labels[i * 64]);
            }

            for (byte c = 0; c < Scenes.Classes; c++)
            {
                Assert.Contains(c, scene.Labels);
            }
        }

        private static double Reference(float[] logits, byte[] labels, OhemShape shape)
        {
            double sum = 0;
            long valid = 0;
            for (long p = 0; p < shape.Pixels; p++)
            {
                if (labels[p] == Scenes.Ignore)
                {
                    continue;
                }

                long n = p / shape.Plane, s = p % shape.Plane;
                double denominator = 0;
                for (int c = 0; c < shape.C; c++)
                {
                    denominator += Math.Exp(logits[(((n * shape.C) + c) * shape.Plane) + s]);
                }

                sum += Math.Log(denominator) - logits[(((n * shape.C) + labels[p]) * shape.Plane) + s];
                valid++;
            }

            return sum / valid;
        }

        private static double NumericDerivative(Func<float[], double> f, float[] x, int i)
        {
            var copy = (float[])x.Clone();
            const float h = 1e-2f;
            copy[i] = x[i] + h;
            double plus = f(copy);
            copy[i] = x[i] - h;
            double minus = f(copy);
            return (plus - minus) / (2 * h);
        }

        private static float[] Random(int count, Random random)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = (random.NextSingle() * 2f) - 1f;
            }

            return values;
        }
    }
}
