using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// A per-pixel two-layer perceptron (features → hidden ReLU → class logits) with its own backward and Adam, in
    /// plain C#, vectorised across the hidden units. Images of a batch run in parallel; each keeps its own gradient
    /// buffer and the buffers are added in image order, so training is bitwise repeatable whatever the core count.
    /// </summary>
    internal sealed class PixelMlp
    {
        private readonly int inputs, hidden, classes;

        // w1 is [input][hidden] and w2 is [class][hidden]: every inner loop runs over contiguous hidden units.
        private readonly float[] parameters;
        private readonly int ob1, ow2, ob2;
        private readonly float[] m, v;
        private long step;

        public PixelMlp(int inputs, int hidden, int classes, Random random)
        {
            if (hidden % Vector<float>.Count != 0)
            {
                throw new ArgumentException($"hidden is {hidden}, but it must be a multiple of the vector width {Vector<float>.Count}.", nameof(hidden));
            }

            this.inputs = inputs;
            this.hidden = hidden;
            this.classes = classes;
            ob1 = inputs * hidden;
            ow2 = ob1 + hidden;
            ob2 = ow2 + (classes * hidden);
            parameters = new float[ob2 + classes];
            Init(parameters.AsSpan(0, ob1), MathF.Sqrt(2f / inputs), random);
            Init(parameters.AsSpan(ow2, classes * hidden), MathF.Sqrt(1f / hidden), random);
            m = new float[parameters.Length];
            v = new float[parameters.Length];
        }

        public int ParameterCount => parameters.Length;

        /// <summary>The weights: w1 [input][hidden], b1, w2 [class][hidden], b2.</summary>
        public float[] Parameters => parameters;

        /// <summary>Logits (NCHW) of a batch of images, each given as standardised features [pixel][feature]; keeps the hidden activations for <see cref="BackwardAndStep"/>.</summary>
        public void Forward(float[][] features, int plane, float[] logits, float[] activations)
        {
            Parallel.For(0, features.Length, n =>
            {
                var x = features[n];
                var w = parameters.AsSpan();
                for (int p = 0; p < plane; p++)
                {
                    var h = activations.AsSpan((int)((((long)n * plane) + p) * hidden), hidden);
                    w.Slice(ob1, hidden).CopyTo(h);
                    var hv = MemoryMarshal.Cast<float, Vector<float>>(h);
                    for (int f = 0; f < inputs; f++)
                    {
                        var xf = new Vector<float>(x[(p * inputs) + f]);
                        var wf = MemoryMarshal.Cast<float, Vector<float>>(w.Slice(f * hidden, hidden));
                        for (int k = 0; k < hv.Length; k++)
                        {
                            hv[k] += wf[k] * xf;
                        }
                    }

                    for (int k = 0; k < hv.Length; k++)
                    {
                        hv[k] = Vector.Max(hv[k], Vector<float>.Zero);
                    }

                    for (int c = 0; c < classes; c++)
                    {
                        var wc = MemoryMarshal.Cast<float, Vector<float>>(w.Slice(ow2 + (c * hidden), hidden));
                        var acc = Vector<float>.Zero;
                        for (int k = 0; k < hv.Length; k++)
                        {
                            acc += wc[k] * hv[k];
                        }

                        logits[(((long)n * classes) + c) * plane + p] = w[ob2 + c] + Vector.Sum(acc);
                    }
                }
            });
        }

        /// <summary>Backpropagates d(loss)/d(logits) (NCHW) and takes one Adam step.</summary>
        public void BackwardAndStep(float[][] features, int plane, float[] gradLogits, float[] activations, float learningRate) =>
            Adam(Backward(features, plane, gradLogits, activations), learningRate);

        /// <summary>d(loss)/d(parameters) from d(loss)/d(logits) (NCHW), in <see cref="Parameters"/> order.</summary>
        public float[] Backward(float[][] features, int plane, float[] gradLogits, float[] activations)
        {
            var perImage = new float[features.Length][];
            Parallel.For(0, features.Length, n =>
            {
                var g = new float[parameters.Length];
                var x = features[n];
                var w = parameters;
                var dh = new float[hidden];
                var dhv = MemoryMarshal.Cast<float, Vector<float>>(dh.AsSpan());
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

                    var hv = MemoryMarshal.Cast<float, Vector<float>>(activations.AsSpan((int)((((long)n * plane) + p) * hidden), hidden));
                    dhv.Clear();
                    for (int c = 0; c < classes; c++)
                    {
                        float gc = gradLogits[(((long)n * classes) + c) * plane + p];
                        g[ob2 + c] += gc;
                        var gcv = new Vector<float>(gc);
                        var wc = MemoryMarshal.Cast<float, Vector<float>>(w.AsSpan(ow2 + (c * hidden), hidden));
                        var gw = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan(ow2 + (c * hidden), hidden));
                        for (int k = 0; k < hv.Length; k++)
                        {
                            gw[k] += gcv * hv[k];
                            dhv[k] += wc[k] * gcv;
                        }
                    }

                    for (int k = 0; k < dhv.Length; k++)
                    {
                        dhv[k] = Vector.ConditionalSelect(Vector.GreaterThan(hv[k], Vector<float>.Zero), dhv[k], Vector<float>.Zero);
                    }

                    var gb1 = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan(ob1, hidden));
                    for (int k = 0; k < dhv.Length; k++)
                    {
                        gb1[k] += dhv[k];
                    }

                    for (int f = 0; f < inputs; f++)
                    {
                        var xf = new Vector<float>(x[(p * inputs) + f]);
                        var gf = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan(f * hidden, hidden));
                        for (int k = 0; k < dhv.Length; k++)
                        {
                            gf[k] += dhv[k] * xf;
                        }
                    }
                }

                perImage[n] = g;
            });

            var grad = new float[parameters.Length];
            foreach (var g in perImage)
            {
                for (int i = 0; i < grad.Length; i++)
                {
                    grad[i] += g[i];
                }
            }

            return grad;
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
            for (int i = 0; i < parameters.Length; i++)
            {
                m[i] = (beta1 * m[i]) + ((1f - beta1) * grad[i]);
                v[i] = (beta2 * v[i]) + ((1f - beta2) * grad[i] * grad[i]);
                parameters[i] -= learningRate * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
            }
        }

        private static void Init(Span<float> values, float std, Random random)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = ((random.NextSingle() * 2f) - 1f) * std * 1.7320508f; // uniform with the given std.
            }
        }
    }
}
