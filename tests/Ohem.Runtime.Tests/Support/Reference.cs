using System;
using System.Linq;
using Ohem.Cpu;

namespace Ohem.Runtime.Tests.Support
{
    /// <summary>
    /// A deliberately plain model of the algorithm to check the engine's selection against: per-pixel losses from the
    /// scalar math (bit-identical by design), then the seed's rule done literally with a full sort (NaN first), and the
    /// gradient with the documented tie rule. Slow, simple, independent of chunks, SIMD and radix selection.
    /// </summary>
    public static class Reference
    {
        public sealed record Result(double Loss, long Kept, OhemRule Rule, float Threshold, long Valid, float[] Losses, bool[] KeptPixels);

        public static float[] Losses(float[] logits, long[] labels, OhemShape shape, int ignore, out long valid)
        {
            long pixels = shape.Pixels, plane = shape.Plane;
            var losses = new float[pixels];
            valid = 0;
            for (long p = 0; p < pixels; ++p)
            {
                if (labels[p] == ignore)
                {
                    continue;
                }

                long n = p / plane;
                var row = new float[shape.C];
                for (int c = 0; c < shape.C; ++c)
                {
                    row[c] = logits[(n * shape.C * plane) + (c * plane) + (p - (n * plane))];
                }

                losses[p] = OhemScalarMath.PixelLoss(row, (int)labels[p]);
                ++valid;
            }

            return losses;
        }

        public static Result Run(float[] logits, long[] labels, OhemShape shape, float threshLoss, long nMin, int ignore)
        {
            float[] losses = Losses(logits, labels, shape, ignore, out long valid);
            long pixels = losses.Length;
            // Descending with NaN first, as torch.sort(descending=True) (the canonical NaN key sorts above +inf);
            // among equal losses the lowest index first, so "the first r tied pixels" are the lowest-indexed ones.
            long[] order = Enumerable.Range(0, (int)pixels).Select(i => (long)i)
                .OrderByDescending(i => OhemScalarMath.Key(losses[i]))
                .ThenBy(i => i)
                .ToArray();
            var kept = new bool[pixels];
            float at = losses[order[nMin]];
            if (at > threshLoss)
            {
                double sum = 0;
                long count = 0;
                for (long p = 0; p < pixels; ++p)
                {
                    if (losses[p] > threshLoss)
                    {
                        sum += losses[p];
                        ++count;
                        kept[p] = true;
                    }
                }

                return new Result(sum / count, count, OhemRule.AboveThreshold, threshLoss, valid, losses, kept);
            }

            if (nMin == 0)
            {
                return new Result(double.NaN, 0, OhemRule.TopNMin, float.NaN, valid, losses, kept);
            }

            double top = 0;
            for (long i = 0; i < nMin; ++i)
            {
                top += losses[order[i]];
                kept[order[i]] = true;
            }

            return new Result(top / nMin, nMin, OhemRule.TopNMin, losses[order[nMin - 1]], valid, losses, kept);
        }

        /// <summary>The gradient of <see cref="Run"/>'s selection with the engine's formula.</summary>
        public static float[] Gradient(float[] logits, long[] labels, OhemShape shape, Result r, float upstream, int ignore)
        {
            long plane = shape.Plane;
            var grad = new float[shape.Logits];
            float scale = r.Kept != 0 ? (float)((double)upstream / r.Kept) : 0f;
            for (long p = 0; p < shape.Pixels; ++p)
            {
                if (!r.KeptPixels[p] || labels[p] == ignore || labels[p] < 0 || labels[p] >= shape.C)
                {
                    continue;
                }

                long n = p / plane;
                long offset = (n * shape.C * plane) + (p - (n * plane));
                OhemScalarMath.RowStats(ref logits[offset], (nint)plane, shape.C, (int)labels[p], out float m, out _, out float d);
                for (int c = 0; c < shape.C; ++c)
                {
                    float prob = OhemScalarMath.Exp(logits[offset + (c * plane)] - m) / d;
                    grad[offset + (c * plane)] = (prob - (c == labels[p] ? 1f : 0f)) * scale;
                }
            }

            return grad;
        }
    }
}
