using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The specs every compile test covers: a built-in list, plus every generator snapshot (*.verified.cu) in the repository.</summary>
    internal static class CompileSpecs
    {
        public static readonly string[] Architectures = { "sm_70", "sm_80", "sm_90" };

        public static IReadOnlyDictionary<string, OhemSpec> BuiltIn { get; } = new Dictionary<string, OhemSpec>
        {
            ["default"] = new OhemSpec(),
            ["classes19"] = new OhemSpec(numClasses: 19),
            ["f16-u8"] = new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8),
            ["bf16-i32-ignore-1"] = new OhemSpec(logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, ignoreLabel: -1),
            ["classes150"] = new OhemSpec(numClasses: 150),
            ["classes2"] = new OhemSpec(numClasses: 2),
            ["bisenet-v2"] = new OhemSpec(numClasses: 19, mode: OhemMode.BiSeNetV2),
            ["hrnet-f16-u8"] = new OhemSpec(0.9, 131_072, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.HRNet),
            ["topk-percent-bf16"] = new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TopKPercent, fraction: 0.2),
            ["mmseg-u8"] = new OhemSpec(0.7, 10_000, labels: OhemLabels.UInt8, mode: OhemMode.MMSegSampler),
            ["paddleseg-f16"] = new OhemSpec(0.7, 130_000, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSeg),
            ["nhwc-classes19"] = new OhemSpec(numClasses: 19, layout: OhemLayout.NHWC),
            ["nhwc-classes150-bf16"] = new OhemSpec(numClasses: 150, logits: OhemLogits.BFloat16, layout: OhemLayout.NHWC),
            ["nhwc-hrnet-f16-u8"] = new OhemSpec(0.9, 131_072, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.HRNet, layout: OhemLayout.NHWC),
            ["nhwc-topk-percent"] = new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, layout: OhemLayout.NHWC),
            // NHWC rows read in words (C·sizeof(logit) a multiple of 16, 8 or 4 bytes): uint4, uint2, u32.
            ["nhwc-classes20-float4"] = new OhemSpec(numClasses: 20, layout: OhemLayout.NHWC),
            ["nhwc-classes6-uint2"] = new OhemSpec(numClasses: 6, layout: OhemLayout.NHWC),
            ["nhwc-classes20-f16-uint2"] = new OhemSpec(numClasses: 20, logits: OhemLogits.Float16, layout: OhemLayout.NHWC),
            ["nhwc-classes8-f16-uint2"] = new OhemSpec(numClasses: 8, logits: OhemLogits.Float16, layout: OhemLayout.NHWC),
            ["nhwc-classes18-f16-u32-backward-native"] = new OhemSpec(0.9, 4096, numClasses: 18, logits: OhemLogits.Float16, mode: OhemMode.HRNet, layout: OhemLayout.NHWC),
            ["nhwc-classes20-f32-per-image-weights"] = new OhemSpec(0.7, 4096, numClasses: 20, layout: OhemLayout.NHWC, classWeights: Weights20, scope: OhemScope.PerImage),
            // Class weights: a loss-domain mode (weighted keys) and two probability modes (the level-4 weighted sum).
            ["bisenet-v1-weights"] = new OhemSpec(numClasses: 19, classWeights: Weights19),
            ["hrnet-weights-bf16"] = new OhemSpec(0.9, 131_072, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.HRNet, classWeights: Weights19),
            ["paddleseg-weights-u8"] = new OhemSpec(0.7, 130_000, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.PaddleSeg, classWeights: Weights19),
            ["per-image-classes19"] = new OhemSpec(numClasses: 19, scope: OhemScope.PerImage),
            ["per-image-paddleseg-bf16"] = new OhemSpec(0.7, 10_000, logits: OhemLogits.BFloat16, mode: OhemMode.PaddleSeg, scope: OhemScope.PerImage),
            ["per-image-hrnet-u8"] = new OhemSpec(0.9, 131_072, labels: OhemLabels.UInt8, mode: OhemMode.HRNet, scope: OhemScope.PerImage),
            ["paddleseg-bootstrapped-f16"] = new OhemSpec(0.3, 4096, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSegBootstrapped),
            ["mmseg-loss-bf16"] = new OhemSpec(0.7, 10_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.MMSegByLoss),
            ["deeplab-tf"] = new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2),
            ["model-garden-u8"] = new OhemSpec(labels: OhemLabels.UInt8, mode: OhemMode.ModelGarden, fraction: 0.3),
            ["torchseg-f16"] = new OhemSpec(0.7, 256, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg),
            ["pytorch-loss"] = new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PytorchLossOhem, fraction: 0.0625),
            ["paddleseg-topk-f16"] = new OhemSpec(numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSegTopK, fraction: 0.2),
            ["paddleseg-topk-1-u8"] = new OhemSpec(labels: OhemLabels.UInt8, mode: OhemMode.PaddleSegTopK),
            ["deeplab2"] = new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, fraction: 0.2),
            ["deeplab2-1-nhwc-bf16"] = new OhemSpec(logits: OhemLogits.BFloat16, mode: OhemMode.DeepLab2, layout: OhemLayout.NHWC),
            // The orthogonal arguments together: one text holding per-image, NHWC and weighted pieces at once.
            ["combo-per-image-nhwc-hrnet-weights-f16"] = new OhemSpec(0.9, 4096, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.HRNet, layout: OhemLayout.NHWC, classWeights: Weights19, scope: OhemScope.PerImage),
            ["combo-bootstrapped-nhwc-weights"] = new OhemSpec(0.3, 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped, layout: OhemLayout.NHWC, classWeights: Weights19),
            ["combo-per-image-torchseg-nhwc-bf16"] = new OhemSpec(0.7, 256, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg, layout: OhemLayout.NHWC, scope: OhemScope.PerImage),
            ["combo-per-image-mmseg-loss-u8"] = new OhemSpec(0.7, 1000, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.MMSegByLoss, averageOverValid: true, scope: OhemScope.PerImage),
            // Class weights with the later modes: weighted keys (6-8), and TorchSeg's Σw divisor (levels 4 and 5) per image and NHWC.
            ["mmseg-loss-weights-bf16"] = new OhemSpec(0.7, 10_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.MMSegByLoss, averageOverValid: true, classWeights: Weights19),
            ["deeplab-tf-weights-u8"] = new OhemSpec(numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.DeepLabTF, fraction: 0.2, classWeights: Weights19),
            ["model-garden-weights-nhwc"] = new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.3, layout: OhemLayout.NHWC, classWeights: Weights19),
            ["torchseg-weights-f16"] = new OhemSpec(0.7, 256, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, classWeights: Weights19),
            ["combo-per-image-torchseg-nhwc-weights-bf16"] = new OhemSpec(0.7, 256, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg, layout: OhemLayout.NHWC, classWeights: Weights19, scope: OhemScope.PerImage),
            ["bisenet-v2-inclusive-sum-zero"] = new OhemSpec(numClasses: 19, mode: OhemMode.BiSeNetV2, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero, reduction: OhemReduction.Sum),
            ["paddleseg-inclusive-nan"] = new OhemSpec(0.7, 130_000, labels: OhemLabels.UInt8, mode: OhemMode.PaddleSeg, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.NaN),
            ["torchseg-strict-clamp-sum-f16"] = new OhemSpec(0.7, 256, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp, reduction: OhemReduction.Sum),
            ["pytorch-loss-strict-zero"] = new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PytorchLossOhem, fraction: 0.0625, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero),
            ["deeplab-tf-valid-only-sum-nan"] = new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum),
            ["model-garden-valid-only-bf16"] = new OhemSpec(logits: OhemLogits.BFloat16, mode: OhemMode.ModelGarden, fraction: 0.25, candidates: OhemCandidates.ValidOnly),
            ["mmseg-loss-sum-nan-u8"] = new OhemSpec(nMin: 1000, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.MMSegByLoss, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum),
            // Knobs per image and with class weights: the combine kernel's sum and Throw records, the weighted level 4 with
            // the inclusive cut-off, a sum and the empty fix.
            ["combo-per-image-hrnet-weights-inclusive-sum"] = new OhemSpec(0.9, 4096, numClasses: 19, mode: OhemMode.HRNet, classWeights: Weights19, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum),
            ["combo-per-image-mmseg-weights-throw-u8"] = new OhemSpec(0.7, 1000, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.MMSegSampler, classWeights: Weights19, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw),
            ["combo-per-image-v1-valid-inclusive-zero-f16"] = new OhemSpec(0.7, 4096, numClasses: 19, logits: OhemLogits.Float16, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly),
            ["combo-paddleseg-weights-inclusive-zero-bf16"] = new OhemSpec(0.7, 130_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.PaddleSeg, classWeights: Weights19, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero),
            ["combo-topk-percent-weights-valid-sum"] = new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, classWeights: Weights19, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum),
            // The later modes' knobs per image (the combine kernel's Throw records for TorchSeg) and with class weights.
            ["later-per-image-torchseg-strict-throw-f16"] = new OhemSpec(0.7, 256, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw),
            ["later-per-image-pytorch-loss-strict-sum-u8"] = new OhemSpec(0.7, 1000, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.PytorchLossOhem, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, reduction: OhemReduction.Sum),
            ["later-weights-mmseg-loss-per-image-sum-throw"] = new OhemSpec(nMin: 1000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: Weights19, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw, reduction: OhemReduction.Sum),
            ["later-weights-torchseg-per-image-clamp-f16"] = new OhemSpec(0.7, 5000, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, classWeights: Weights19, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Clamp),
            ["later-weights-torchseg-sum-bf16"] = new OhemSpec(0.7, 100_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg, classWeights: Weights19, reduction: OhemReduction.Sum),
            // Weighted TorchSeg with Comparison = Strict and OnEmpty (levels 4-5 over the strict set, the empty fix after
            // level 5): the two snapshots' knobs (the Throw one is no GPU case: the ignored input keeps nothing) and a GPU case.
            ["knob-weights-torchseg-strict-zero"] = new OhemSpec(0.6, 256, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero),
            ["knob-weights-torchseg-per-image-strict-throw-valid-sum"] = new OhemSpec(0.6, 256, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum),
            ["knob-weights-torchseg-per-image-strict-nan-f16"] = new OhemSpec(0.7, 5000, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, classWeights: Weights19, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.NaN),
            ["later-weights-model-garden-valid-only-zero-bf16"] = new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.ModelGarden, fraction: 0.25, classWeights: Weights19, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly),
            ["nhwc-hrnet-inclusive-sum-bf16"] = new OhemSpec(0.9, 131_072, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.HRNet, layout: OhemLayout.NHWC, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum),
            ["knob-bootstrapped-inclusive-sum-nan-nhwc"] = new OhemSpec(0.3, 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped, layout: OhemLayout.NHWC, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum),
            // The two bootstrapped knob snapshots (Throw records in the combine kernel; not GPU cases, which would throw on empty inputs).
            ["knob-bootstrapped-inclusive-sum-throw"] = new OhemSpec(0.3, 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw, reduction: OhemReduction.Sum),
            ["knob-bootstrapped-valid-throw-f16"] = new OhemSpec(0.3, 4096, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSegBootstrapped, onEmpty: OhemOnEmpty.Zero, nMinPolicy: OhemNMinPolicy.Throw, candidates: OhemCandidates.ValidOnly),
            ["knob-paddleseg-topk-valid-sum-throw"] = new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK, fraction: 0.2, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum),
            ["knob-deeplab2-valid-throw-bf16"] = new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.DeepLab2, fraction: 0.25, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly),
            // GPU cases (no Throw: the ignored inputs keep nothing).
            ["knob-paddleseg-topk-valid-sum-zero-f16"] = new OhemSpec(numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSegTopK, fraction: 0.2, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum),
            ["knob-deeplab2-valid-nan-nhwc"] = new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, fraction: 0.25, layout: OhemLayout.NHWC, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly),
            ["knob-deeplab2-sum"] = new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, fraction: 0.3, reduction: OhemReduction.Sum),
            ["knob-bootstrapped-valid-zero-weights-bf16"] = new OhemSpec(0.3, 4096, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.PaddleSegBootstrapped, classWeights: Weights19, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly),
            // NCHW with a baked C of 3 or 4 (the zero-row loop rolled: these spilled in the sm_70 backward before); SmallClassCountTests covers C = 2..8.
            ["classes4"] = new OhemSpec(numClasses: 4),
            ["classes3-weights"] = new OhemSpec(numClasses: 3, classWeights: new[] { 0.5, 1.0, 2.0 }),
            ["mmseg-loss-classes3"] = new OhemSpec(0.7, 10_000, numClasses: 3, mode: OhemMode.MMSegByLoss),
            ["deeplab2-classes4-bf16-u8"] = new OhemSpec(numClasses: 4, logits: OhemLogits.BFloat16, labels: OhemLabels.UInt8, mode: OhemMode.DeepLab2, fraction: 0.2),
            ["per-image-hrnet-classes3-weights-f16"] = new OhemSpec(0.9, 4096, numClasses: 3, logits: OhemLogits.Float16, mode: OhemMode.HRNet, classWeights: new[] { 0.5, 1.0, 2.0 }, scope: OhemScope.PerImage),
        };

        /// <summary>19 weights from 0 to 3, one of them 0 (a class that never counts).</summary>
        private static double[] Weights19 => new[] { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };

        private static double[] Weights20 => Enumerable.Range(0, 20).Select(i => 0.5 + (i % 5 * 0.25)).ToArray();

        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Ohem.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Ohem.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>Every *.verified.cu under tests/, relative to the repository root.</summary>
        public static IReadOnlyList<string> SnapshotFiles()
        {
            string root = RepositoryRoot();
            string tests = Path.Combine(root, "tests");
            return Directory.EnumerateFiles(tests, "*.verified.cu", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Rebuilds the spec from the "// spec: ohem/v1;mode=...;labels=..." header line of emitted CUDA C.</summary>
        public static OhemSpec ParseKey(string source)
        {
            string line = source.Split('\n').First(l => l.StartsWith("// spec: ", StringComparison.Ordinal)).Substring(9).Trim();
            var fields = line.Split(';').Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var spec = new OhemSpec(
                thresh: double.Parse(fields["thresh"], CultureInfo.InvariantCulture),
                nMin: long.Parse(fields["nmin"], CultureInfo.InvariantCulture),
                ignoreLabel: int.Parse(fields["ignore"], CultureInfo.InvariantCulture),
                numClasses: int.Parse(fields["classes"], CultureInfo.InvariantCulture),
                logits: Enum.GetValues<OhemLogits>().Single(v => OhemSpec.LogitsName(v) == fields["logits"]),
                labels: Enum.GetValues<OhemLabels>().Single(v => OhemSpec.LabelsName(v) == fields["labels"]),
                mode: Enum.GetValues<OhemMode>().Single(v => OhemSpec.ModeName(v) == fields["mode"]),
                fraction: fields.TryGetValue("fraction", out string? fraction) ? double.Parse(fraction, CultureInfo.InvariantCulture) : 0.0,
                averageOverValid: fields.TryGetValue("avg-valid", out string? average) && average == "1",
                layout: fields.TryGetValue("layout", out string? layout) ? Enum.GetValues<OhemLayout>().Single(v => OhemSpec.LayoutName(v) == layout) : OhemLayout.NCHW,
                classWeights: fields.TryGetValue("weights", out string? weights)
                    ? weights.Trim('[', ']').Split(',').Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray()
                    : null,
                scope: fields.TryGetValue("scope", out string? scope) && scope == "image" ? OhemScope.PerImage : OhemScope.PerBatch,
                comparison: Knob<OhemComparison>(fields, "compare", OhemSpec.ComparisonName),
                onEmpty: Knob<OhemOnEmpty>(fields, "on-empty", OhemSpec.OnEmptyName),
                nMinPolicy: Knob<OhemNMinPolicy>(fields, "nmin-policy", OhemSpec.NMinPolicyName),
                candidates: Knob<OhemCandidates>(fields, "candidates", OhemSpec.CandidatesName),
                reduction: Knob<OhemReduction>(fields, "reduction", OhemSpec.ReductionName));

            // A key field this parser does not know would otherwise be dropped silently and the kernel names would not match.
            if (spec.Key != line)
            {
                throw new InvalidOperationException($"The spec line '{line}' parses back as '{spec.Key}': teach ParseKey the missing field.");
            }

            return spec;
        }

        /// <summary>A knob's value from its key fragment; absent means Default (value 0).</summary>
        private static T Knob<T>(Dictionary<string, string> fields, string name, Func<T, string> nameOf)
            where T : struct, Enum =>
            fields.TryGetValue(name, out string? value) ? Enum.GetValues<T>().Single(v => nameOf(v) == value) : default;
    }
}
