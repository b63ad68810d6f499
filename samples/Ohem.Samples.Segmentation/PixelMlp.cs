using System;
using System.Threading.Tasks;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// A per-pixel two-layer perceptron (features → hidden ReLU → class logits) with its own backward and Adam, in
    /// plain C#. Images of a batch run in parallel; each keeps its own gradient buffer and the buffers are added in
    /// image order, so training is bitwise repeatable whatever the core count.
    /// </summary>
    internal sealed class PixelMlp
    {
        private readonly int inputs, hidden, classes;
        private readonly float[] w1, b1, w2, b2;
        private readonly float[] m, v;
        private long step;

        public PixelMlp(int inputs, int hidden, int classes, Random random)
        {
            this.inputs = inputs;
            this.hidden = hidden;
            this.classes = classes;
            w1 = Init(hidden * inputs, MathF.Sqrt(2f / inputs), random);
            b1 = new float[hidden];
            w2 = Init(classes * hidden, MathF.Sqrt(1f / hidden), random);
            b2 = new float[classes];
            m = new float[ParameterCount];
            v = new float[ParameterCount];
        }

        public int ParameterCount => w1.Length + b1.Length + w2.Length + b2.Length;

        /// <summary>Logits (NCHW) of a batch of images, each given as standardised features [feature][pixel]; keeps the hidden activations for <see cref="Backward"/>.</summary>
        public void Forward(float[][] features, int plane, float[] logits, float[] activations)
        {
            Parallel.For(0, features.Length, n =>
            {
                var x = features[n];
                var h = new float[hidden];
                for (int p = 0; p < plane; p++)
                {
                    for (int j = 0; j < hidden; j++)
                    {
                        float a = b1[j];
                        int row = j * inputs;
                        for (int f = 0; f < inputs; f++)
                        {
                            a += w1[row + f] * x[(f * plane) + p];
                        }

                        h[j] = a > 0f ? a : 0f;
                        activations[(((long)n * plane) + p) * hidden + j] = h[j];
                    }

                    for (int c = 0; c < classes; c++)
                    {
                        float a = b2[c];
                        int row = c * hidden;
                        for (int j = 0; j < hidden; j++)
                        {
                            a += w2[row + j] * h[j];
                        }

                        logits[(((long)n * classes) + c) * plane + p] = a;
                    }
                }
            });
        }

        /// <summary>Backpropagates d(loss)/d(logits) (NCHW) and takes one Adam step.</summary>
        public void BackwardAndStep(float[][] features, int plane, float[] gradLogits, float[] activations, float learningRate)
        {
            var perImage = new float[features.Length][];
            Parallel.For(0, features.Length, n =>
            {
                var g = new float[ParameterCount];
                var x = features[n];
                var dh = new float[hidden];
                int ob1 = w1.Length, ow2 = ob1 + b1.Length, ob2 = ow2 + w2.Length;
                for (int p = 0; p < plane; p++)
                {
                    bool any = false;
                    for (int c = 0; c < classes; c++)
                    {
                        any |= gradLogits[(((long)n * classes) + c) * plane + p] != 0f;
                    }

                    if (!any)
                    {
                        continue; // OHEM leaves most easy pixels without gradient.
                    }

                    long hBase = (((long)n * plane) + p) * hidden;
                    Array.Clear(dh);
                    for (int c = 0; c < classes; c++)
                    {
                        float gc = gradLogits[(((long)n * classes) + c) * plane + p];
                        g[ob2 + c] += gc;
                        int row = c * hidden;
                        for (int j = 0; j < hidden; j++)
                        {
                            float hj = activations[hBase + j];
                            g[ow2 + row + j] += gc * hj;
                            dh[j] += w2[row + j] * gc;
                        }
                    }

                    for (int j = 0; j < hidden; j++)
                    {
                        if (activations[hBase + j] <= 0f)
                        {
                            continue;
                        }

                        float d = dh[j];
                        g[ob1 + j] += d;
                        int row = j * inputs;
                        for (int f = 0; f < inputs; f++)
                        {
                            g[row + f] += d * x[(f * plane) + p];
                        }
                    }
                }

                perImage[n] = g;
            });

            var grad = new float[ParameterCount];
            foreach (var g in perImage)
            {
                for (int i = 0; i < grad.Length; i++)
                {
                    grad[i] += g[i];
                }
            }

            Adam(grad, learningRate);
        }

        /// <summary>The argmax class per pixel of NCHW logits for one image.</summary>
        public static void Predict(float[] logits, int image, int classes, int plane, byte[] prediction)
        {
            for (int p = 0; p < plane; p++)
            {
                int best = 0;
                float bestValue = float.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    float value = logits[(((long)image * classes) + c) * plane + p];
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = c;
                    }
                }

                prediction[p] = (byte)best;
            }
        }

        private void Adam(float[] grad, float learningRate)
        {
            const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
            step++;
            float c1 = 1f - MathF.Pow(beta1, step), c2 = 1f - MathF.Pow(beta2, step);
            int i = 0;
            foreach (var parameters in new[] { w1, b1, w2, b2 })
            {
                for (int k = 0; k < parameters.Length; k++, i++)
                {
                    m[i] = (beta1 * m[i]) + ((1f - beta1) * grad[i]);
                    v[i] = (beta2 * v[i]) + ((1f - beta2) * grad[i] * grad[i]);
                    parameters[k] -= learningRate * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
                }
            }
        }

        private static float[] Init(int count, float scale, Random random)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = ((random.NextSingle() * 2f) - 1f) * scale * 1.7320508f; // uniform with the given std.
            }

            return values;
        }
    }
}
