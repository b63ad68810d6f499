using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // Class weights (PyTorch's weight=): every piece below is empty for a spec without them, so its text is unchanged.
        // The loss-domain modes (BiSeNetV1/V2, TopKPercent) weight the loss before anything reads it: keys, the
        // threshold test and every sum see w[y]·loss. The probability modes (HRNet, MMSegSampler, PaddleSeg) keep the
        // unweighted keys for the selection and write the weighted losses after them in loss_buf (M more floats); the
        // sums read those: the forward's above-threshold sum directly, the radix rule by one more pass (level 4) over
        // the pixels the selection kept. TorchSeg divides by the kept weights (PyTorch's weighted mean): see WeightSum.

        private static void EmitClassWeights(StringBuilder s, OhemSpec spec)
        {
            if (!spec.HasClassWeights)
            {
                return;
            }

            var weights = spec.ClassWeightsFloat32();
            var literals = new string[weights.Length];
            for (int i = 0; i < weights.Length; i++)
            {
                literals[i] = F(weights[i]);
            }

            s.Append("// Class weights (PyTorch's weight=), rounded to float32 as torch converts them to the logits' dtype.\n");
            s.Append("__constant__ float ohem_class_weight[").Append(Int(weights.Length)).Append("] = { ")
                .Append(string.Join(", ", literals)).Append(" };\n\n");
        }

        /// <summary>Forward: declares the weighted loss of a probability mode.</summary>
        private static string WeightedDeclare(OhemSpec spec) => !spec.HasWeightedLosses ? string.Empty : spec.DividesByWeightSum
            ? "            float weighted = 0.0f;\n            float weight = 0.0f;\n"
            : "            float weighted = 0.0f;\n";

        /// <summary>Forward: weights a valid pixel's loss (in place for the loss-domain modes).</summary>
        private static string WeightedLoss(OhemSpec spec) => !spec.HasClassWeights ? string.Empty : spec.SelectsOnWeightedLoss
            ? "                    loss = loss * ohem_class_weight[(int)raw];\n"
            : spec.DividesByWeightSum
            ? "                    weight = ohem_class_weight[(int)raw];\n                    weighted = loss * weight;\n"
            : "                    weighted = loss * ohem_class_weight[(int)raw];\n";

        /// <summary>Forward: stores the weighted loss after the keys.</summary>
        private static string WeightedStore(OhemSpec spec) => !spec.HasWeightedLosses ? string.Empty : spec.DividesByWeightSum
            ? "            loss_buf[num_pixels + p] = weight;\n"
            : "            loss_buf[num_pixels + p] = weighted;\n";

        /// <summary>Forward: what the above-threshold sum adds.</summary>
        private static string SummedLoss(OhemSpec spec) => spec.HasWeightedLosses ? "weighted" : "loss";

        /// <summary>The last radix select leaves the weighted pass (level 4) to finish the loss.</summary>
        private static string RefineAfterSelect(OhemSpec spec) => spec.HasWeightedLosses ? "1u" : "0u";

        /// <summary>Refine, level 4: the per-block sums of the weighted losses of the kept pixels.</summary>
        private static string WeightedRefine(OhemSpec spec) => !spec.HasWeightedLosses ? string.Empty : spec.DividesByWeightSum ? WeightSumRefine(spec) : """
    if (level == 4)
    {
        // The kept pixels are the keys above the cut-off, and those at it when ties are kept (PaddleSeg without
        // mining: every valid pixel; a tie left out there is at key 0, whose weighted loss is 0).
        const u32 cut = state->key;
        const bool ties = state->ties != OHEM_TIES_NONE;
        double weighted_sum = 0.0;
        const i64 stride4 = (i64)gridDim.x * OHEM_THREADS;
        for (i64 i = (i64)blockIdx.x * OHEM_THREADS + threadIdx.x; i < num_pixels; i += stride4)
        {
            const u32 key = __float_as_uint(loss_buf[i]);
            if (key > cut || (ties && key == cut)) weighted_sum += (double)loss_buf[num_pixels + i];
        }
        weighted_sum = ohem_block_sum(weighted_sum, s_f64);
        if (threadIdx.x == 0) partials[blockIdx.x] = weighted_sum;
        return;
    }

""";

        /// <summary>
        /// Select, level 4: the weighted kept sum replaces the unweighted one, over the mode's divisor (none with
        /// Reduction = Sum); the empty fix of the knobs goes here, after the last loss is written.
        /// </summary>
        private static string WeightedSelect(OhemSpec spec) => !spec.HasWeightedLosses ? string.Empty : spec.DividesByWeightSum ? WeightSumSelect(spec) : $$"""
    if (level == 4)
    {
        if (threadIdx.x == 0)
        {
            state->sum_selected = sum;
            state->loss64 = sum{{Per(spec, spec.HasDivisor ? "state->divisor" : "(double)state->kept")}};
            state->loss = (float)state->loss64;
            state->refine = 0u;
{{Deeper(EmptyFix(spec, string.Empty))}}        }
        return;
    }

""";

        /// <summary>Indents a block of whole lines by four more spaces.</summary>
        private static string Deeper(string lines) => lines.Length == 0 ? lines : ("    " + lines.Replace("\n", "\n    ")).TrimEnd(' ');

        /// <summary>Backward: the gradient scale of a kept pixel, times its class weight.</summary>
        private static string WeightedScaleDeclare(OhemSpec spec) => spec.HasClassWeights
            ? "            const float wscale = scale * ohem_class_weight[y];\n"
            : string.Empty;

        private static string GradientScale(OhemSpec spec) => spec.HasClassWeights ? "wscale" : "scale";
    }
}
