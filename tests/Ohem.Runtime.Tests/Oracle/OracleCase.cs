using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Ohem.NumPy;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>One batch for the torch oracle: the spec, the inputs as the engine takes them, and their float32 view.</summary>
    public sealed class OracleCase
    {
        public required string Name { get; init; }

        public required OhemShape Shape { get; init; }

        public required OhemSpec Spec { get; init; }

        /// <summary>
        /// float[], Half[] or BFloat16[], per <see cref="OhemSpec.Logits"/>, always in N,C,H,W order: the seed's input. For an
        /// NHWC spec the engine is fed torch's channels_last copy of it (<see cref="OracleFixture.EngineLogits"/>).
        /// </summary>
        public required Array Logits { get; init; }

        /// <summary>long[], int[] or byte[], per <see cref="OhemSpec.Labels"/>.</summary>
        public required Array Labels { get; init; }

        /// <summary>The rule the case is built to exercise (checked, so a case cannot silently stop covering it).</summary>
        public required OhemRule ExpectedRule { get; init; }

        /// <summary>The exact float32 values of the logits.</summary>
        public float[] WideLogits => Logits switch
        {
            float[] f => f,
            Half[] h => Inputs.FromHalf(h),
            BFloat16[] b => Inputs.FromBFloat16(b),
            _ => throw new NotSupportedException(),
        };

        public string LogitsDtype => OhemSpec.LogitsName(Spec.Logits);

        public void Write(string dir)
        {
            Directory.CreateDirectory(dir);
            long[] dims = { Shape.N, Shape.C, Shape.H, Shape.W };
            long[] labelDims = { Shape.N, Shape.H, Shape.W };
            string logits = Path.Combine(dir, "logits.npy");
            switch (Logits)
            {
                case float[] f: NpyFile.Write<float>(logits, f, dims); break;
                case Half[] h: NpyFile.Write<Half>(logits, h, dims); break;
                case BFloat16[] b: NpyFile.Write<ushort>(logits, MemoryMarshal.Cast<BFloat16, ushort>(b), dims); break;
            }

            string labels = Path.Combine(dir, "labels.npy");
            switch (Labels)
            {
                case long[] l: NpyFile.Write<long>(labels, l, labelDims); break;
                case int[] i: NpyFile.Write<int>(labels, i, labelDims); break;
                case byte[] u: NpyFile.Write<byte>(labels, u, labelDims); break;
            }
        }

        public string ManifestEntry(string dir) => string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"name\": \"{Name}\", \"dir\": \"{dir}\", \"thresh\": {Spec.Thresh:R}, \"n_min\": {Spec.NMin}, \"ignore_lb\": {Spec.IgnoreLabel}, \"logits_dtype\": \"{LogitsDtype}\", \"mode\": \"{OhemSpec.ModeName(Spec.Mode)}\", \"fraction\": {Spec.EffectiveFraction:R}, \"avg_non_ignore\": {(Spec.AverageOverValid ? "true" : "false")}{(Spec.IsChannelsLast ? ", \"layout\": \"nhwc\"" : "")}, \"scope\": \"{OhemSpec.ScopeName(Spec.Scope)}\"{ClassWeightsEntry}, \"comparison\": \"{OhemSpec.ComparisonName(Spec.Comparison)}\", \"on_empty\": \"{OhemSpec.OnEmptyName(Spec.OnEmpty)}\", \"nmin_policy\": \"{OhemSpec.NMinPolicyName(Spec.NMinPolicy)}\", \"candidates\": \"{OhemSpec.CandidatesName(Spec.Candidates)}\", \"reduction\": \"{OhemSpec.ReductionName(Spec.Reduction)}\"}}");

        /// <summary>The spec's class weights as the oracle's "class_weights" list, or nothing.</summary>
        private string ClassWeightsEntry => Spec.ClassWeights is { } weights
            ? ", \"class_weights\": [" + string.Join(", ", System.Linq.Enumerable.Select(weights, w => w.ToString("R", CultureInfo.InvariantCulture))) + "]"
            : string.Empty;

        public override string ToString() => Name;
    }
}
