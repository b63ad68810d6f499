using System;
using System.Collections.Generic;
using System.Globalization;

namespace Ohem
{
    /// <summary>
    /// Everything that specialises one OHEM loss: the attribute's arguments and the constants derived from them.
    /// Plain C# with no Roslyn types: the generator builds it from an attribute, the runtime and the CLI build it
    /// from values, and <see cref="OhemCudaEmitter"/> turns either into byte-for-byte the same CUDA C.
    /// </summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    sealed partial class OhemSpec : IEquatable<OhemSpec>
    {
        /// <summary>Bumped whenever the emitted kernels change meaning, so names and cache keys change with them.</summary>
        public const int EmitterVersion = 1;

        /// <summary>Creates a spec; call <see cref="Validate"/> (or <see cref="EnsureValid"/>) before emitting.</summary>
        public OhemSpec(
            double thresh = OhemLossDefaults.Thresh,
            long nMin = OhemLossDefaults.NMin,
            int ignoreLabel = OhemLossDefaults.IgnoreLabel,
            int numClasses = OhemLossDefaults.NumClasses,
            OhemLogits logits = OhemLossDefaults.Logits,
            OhemLabels labels = OhemLossDefaults.Labels,
            OhemMode mode = OhemLossDefaults.Mode,
            double fraction = OhemLossDefaults.Fraction,
            bool averageOverValid = OhemLossDefaults.AverageOverValid,
            OhemLayout layout = OhemLossDefaults.Layout,
            IReadOnlyList<double>? classWeights = null,
            OhemScope scope = OhemLossDefaults.Scope,
            OhemComparison comparison = OhemLossDefaults.Comparison,
            OhemOnEmpty onEmpty = OhemLossDefaults.OnEmpty,
            OhemNMinPolicy nMinPolicy = OhemLossDefaults.NMinPolicy,
            OhemCandidates candidates = OhemLossDefaults.Candidates,
            OhemReduction reduction = OhemLossDefaults.Reduction)
        {
            AverageOverValid = averageOverValid;
            Layout = layout;
            ClassWeights = CopyWeights(classWeights);
            Scope = scope;
            Comparison = comparison;
            OnEmpty = onEmpty;
            NMinPolicy = nMinPolicy;
            Candidates = candidates;
            Reduction = reduction;
            Thresh = thresh;
            NMin = nMin;
            IgnoreLabel = ignoreLabel;
            NumClasses = numClasses;
            Logits = logits;
            Labels = labels;
            Mode = mode;
            Fraction = fraction;
        }

        /// <summary>Probability threshold, 0 &lt; Thresh ≤ 1.</summary>
        public double Thresh { get; }

        /// <summary>The least number of pixels kept per batch, ≥ 0.</summary>
        public long NMin { get; }

        /// <summary>Label whose pixels have zero loss and no gradient.</summary>
        public int IgnoreLabel { get; }

        /// <summary>0 = given at run time; ≥ 2 = baked into the kernels.</summary>
        public int NumClasses { get; }

        /// <summary>Element type of the logits.</summary>
        public OhemLogits Logits { get; }

        /// <summary>Element type of the labels.</summary>
        public OhemLabels Labels { get; }

        /// <summary>Selection rule.</summary>
        public OhemMode Mode { get; }

        /// <summary>MMSegSampler: divide by the valid count + float32 epsilon (mmseg's avg_non_ignore=True) instead of N·H·W.</summary>
        public bool AverageOverValid { get; }

        /// <summary>Memory order of the logits (and the gradient); the logical shape is (N, C, H, W) either way.</summary>
        public OhemLayout Layout { get; }

        /// <summary>True when a pixel's C logits are contiguous (channels-last).</summary>
        public bool IsChannelsLast => Layout == OhemLayout.NHWC;

        /// <summary>
        /// Per-class weights with PyTorch's <c>weight=</c> meaning (a pixel's loss times the weight of its label), or null
        /// for none. A copy of what was given, with −0 read as +0 (a negative zero would set the key's sign bit).
        /// </summary>
        public IReadOnlyList<double>? ClassWeights { get; }

        /// <summary>
        /// Whether the mode takes class weights: every mode but PytorchLossOhem (its OhemCELoss builds its
        /// nn.CrossEntropyLoss without weight=), PaddleSegTopK and DeepLab2 (see <see cref="ClassWeightsRefusal"/>);
        /// OHEM0017 there, rather than weights silently ignored.
        /// </summary>
        public bool SupportsClassWeights => Mode != OhemMode.PytorchLossOhem && Mode != OhemMode.PaddleSegTopK && Mode != OhemMode.DeepLab2;

        /// <summary>Whether class weights are given.</summary>
        public bool HasClassWeights => ClassWeights is not null;

        /// <summary>
        /// Whether the kept set is chosen on the weighted loss (BiSeNetV1, BiSeNetV2, TopKPercent, MMSegByLoss, DeepLabTF,
        /// ModelGarden: their criterion or top-k carries the weights) rather than on the unweighted one, i.e. on the
        /// probability (HRNet, MMSegSampler, PaddleSeg, TorchSeg).
        /// </summary>
        public bool SelectsOnWeightedLoss => HasClassWeights && (RuleMode == OhemMode.BiSeNetV1 || RuleMode == OhemMode.BiSeNetV2 || RuleMode == OhemMode.TopKPercent
            || Mode == OhemMode.MMSegByLoss || Mode == OhemMode.DeepLabTF || Mode == OhemMode.ModelGarden);

        /// <summary>
        /// Whether the loss is PyTorch's weighted mean Σ w·ℓ / Σ w over the kept pixels (TorchSeg's
        /// nn.CrossEntropyLoss(weight) with reduction='mean'): the kernels keep each pixel's weight next to the keys and
        /// sum the kept weights into the state's divisor by one more pass (level 5).
        /// </summary>
        public bool DividesByWeightSum => HasClassWeights && Mode == OhemMode.TorchSeg;

        /// <summary>Whether the state holds an fp64 divisor the backward reads: <see cref="HasDivisor"/> or Σ w.</summary>
        public bool HasDivisorField => HasDivisor || DividesByWeightSum;

        /// <summary>
        /// Whether the kernels keep a second buffer of weighted losses next to the (unweighted) keys: the probability
        /// modes with class weights select on the keys and sum the weighted losses.
        /// </summary>
        public bool HasWeightedLosses => HasClassWeights && !SelectsOnWeightedLoss;

        /// <summary>The weights as the kernels use them: each rounded to float32, as torch converts weight= to the logits' dtype.</summary>
        public float[] ClassWeightsFloat32()
        {
            var weights = ClassWeights ?? Array.Empty<double>();
            var result = new float[weights.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (float)weights[i];
            }

            return result;
        }

        /// <summary>The scope as given (see <see cref="IsPerImage"/> for the one the kernels apply).</summary>
        public OhemScope Scope { get; }

        /// <summary>
        /// Whether the rule runs on each image on its own and the loss is the mean of the per-image losses:
        /// <see cref="Scope"/> = <see cref="OhemScope.PerImage"/>, or <see cref="OhemMode.PaddleSegBootstrapped"/>, which is always per image.
        /// </summary>
        public bool IsPerImage => Scope == OhemScope.PerImage || Mode == OhemMode.PaddleSegBootstrapped || Mode == OhemMode.DeepLab2;

        /// <summary>
        /// The per-batch rule the kernels apply to each selection range: <see cref="Mode"/>, except that
        /// <see cref="OhemMode.PaddleSegBootstrapped"/> is the seed's rule (<see cref="OhemMode.BiSeNetV1"/>) with a raw loss threshold.
        /// </summary>
        public OhemMode RuleMode => Mode == OhemMode.PaddleSegBootstrapped ? OhemMode.BiSeNetV1 : Mode;

        /// <summary>Whether <see cref="Thresh"/> is a loss threshold (PaddleSegBootstrapped's loss_th) rather than a probability.</summary>
        public bool ThreshIsLoss => Mode == OhemMode.PaddleSegBootstrapped;

        /// <summary>The fraction as given: 0 = the mode's default (see <see cref="EffectiveFraction"/>).</summary>
        public double Fraction { get; }

        /// <summary>
        /// The fraction the mode uses: <see cref="Fraction"/> when given, else 1/16 for <see cref="OhemMode.BiSeNetV2"/>
        /// (n_min = ⌊valid × f⌋) and 1 for <see cref="OhemMode.TopKPercent"/> (k = ⌊f × N·H·W⌋); 0 for modes without one.
        /// </summary>
        public double EffectiveFraction => Fraction != 0 ? Fraction : Mode switch
        {
            OhemMode.BiSeNetV2 => OhemLossDefaults.BiSeNetV2Fraction,
            OhemMode.TopKPercent => OhemLossDefaults.TopKPercentFraction,
            OhemMode.DeepLabTF or OhemMode.ModelGarden => OhemLossDefaults.TopKPercentFraction,
            OhemMode.PaddleSegTopK or OhemMode.DeepLab2 => OhemLossDefaults.TopKPercentFraction,
            _ => 0.0,
        };

        /// <summary>Whether the mode reads <see cref="NMin"/> (BiSeNetV1, HRNet, MMSegSampler, PaddleSeg).</summary>
        public bool UsesNMin => Mode == OhemMode.BiSeNetV1 || Mode == OhemMode.HRNet || Mode == OhemMode.MMSegSampler || Mode == OhemMode.PaddleSeg || Mode == OhemMode.PaddleSegBootstrapped
            || Mode == OhemMode.MMSegByLoss || Mode == OhemMode.TorchSeg || (Mode == OhemMode.PytorchLossOhem && Fraction == 0);

        /// <summary>Whether NMin ≥ the pixels of one selection range (the batch, or one image when per image) is an error: the seed's rule indexes loss[n_min].</summary>
        public bool NMinMustBeBelowPixels => RuleMode == OhemMode.BiSeNetV1 && !IsValidOnlyTopK && NMinPolicy != OhemNMinPolicy.Clamp;

        /// <summary>
        /// Whether the loss is the kept sum over a mode-specific divisor (N·H·W for MMSegSampler, kept + 1e-5·N·H·W for
        /// PaddleSeg) held in the device state, rather than the mean over the kept pixels.
        /// </summary>
        public bool HasDivisor => Mode == OhemMode.MMSegSampler || Mode == OhemMode.PaddleSeg || Mode == OhemMode.MMSegByLoss || Mode == OhemMode.ModelGarden
            || Mode == OhemMode.PaddleSegTopK;

        /// <summary>Whether the mode reads <see cref="Fraction"/> (BiSeNetV2, TopKPercent).</summary>
        public bool UsesFraction => Mode == OhemMode.BiSeNetV2 || Mode == OhemMode.TopKPercent
            || Mode == OhemMode.DeepLabTF || Mode == OhemMode.ModelGarden || Mode == OhemMode.PytorchLossOhem || IsTopKMode;

        /// <summary>Whether the mode reads <see cref="Thresh"/> (all but the fixed top-k modes: TopKPercent, MMSegByLoss, DeepLabTF, ModelGarden).</summary>
        public bool UsesThresh => Mode != OhemMode.TopKPercent && Mode != OhemMode.MMSegByLoss && Mode != OhemMode.DeepLabTF && Mode != OhemMode.ModelGarden && !IsTopKMode;

        /// <summary>Whether the mode keeps probabilities at or below its cut-off (TorchSeg, pytorch-loss) rather than strictly below.</summary>
        public bool IsInclusive => (Mode == OhemMode.TorchSeg || Mode == OhemMode.PytorchLossOhem) && Comparison != OhemComparison.Strict;

        /// <summary>
        /// The loss the kernels compare with <c>loss &gt; value</c>: <see cref="ThreshLoss"/>, or for the inclusive modes the
        /// float just below it, so that the same strict test reads loss ≥ ThreshLoss (p ≤ Thresh). With Thresh = 1
        /// (ThreshLoss 0) that float is negative and the test also passes ignored pixels; those modes count valid pixels then.
        /// </summary>
        public float CompareLoss => IsInclusive ? PreviousFloat(ThreshLoss) : ThreshLoss;

        /// <summary>
        /// k of a fraction mode as the kernels compute it: ⌊count × <see cref="EffectiveFraction"/>⌋ in fp64 (exact for
        /// powers of two such as 1/16). BiSeNetV2 passes the valid count, TopKPercent the pixel count.
        /// </summary>
        public long FractionCount(long count) => (long)Math.Floor((double)count * EffectiveFraction);

        /// <summary>
        /// The loss threshold −ln(Thresh), computed in float32 as the seed's
        /// <c>-torch.log(torch.tensor(thresh, dtype=torch.float))</c> does: Thresh is first rounded to float32,
        /// then the logarithm is rounded to float32. 0.7 → 0.35667497f, what torch 1.13 prints (NumPy's float32 log gives 0.35667494f, one ulp lower; the parity tests pin torch's value).
        /// </summary>
        /// <remarks><see cref="OhemMode.PaddleSegBootstrapped"/>: Thresh itself rounded to float32 (loss_th is compared with the float32 losses).</remarks>
        public float ThreshLoss => ThreshIsLoss ? (float)Thresh : ThreshLossOf(Thresh);

        /// <summary>The IEEE bits of <see cref="ThreshLoss"/>; the selection compares keys, and keys are bits.</summary>
        public uint ThreshLossBits => BitConverter.ToUInt32(BitConverter.GetBytes(ThreshLoss), 0);

        /// <summary>True when the class count is baked into the kernels.</summary>
        public bool HasFixedClassCount => NumClasses > 0;

        /// <summary>A canonical, culture-invariant text of every field; equal specs have equal keys.</summary>
        public string Key =>
            "ohem/v" + EmitterVersion.ToString(CultureInfo.InvariantCulture)
            + ";mode=" + ModeName(Mode)
            + ";thresh=" + Literals.Double(Thresh)
            + ";nmin=" + NMin.ToString(CultureInfo.InvariantCulture)
            + ";ignore=" + IgnoreLabel.ToString(CultureInfo.InvariantCulture)
            + ";classes=" + NumClasses.ToString(CultureInfo.InvariantCulture)
            + ";logits=" + LogitsName(Logits)
            + ";labels=" + LabelsName(Labels)
            + (Fraction != 0 ? ";fraction=" + Literals.Double(Fraction) : string.Empty)
            + (AverageOverValid ? ";avg-valid=1" : string.Empty)
            + (Layout != OhemLossDefaults.Layout ? ";layout=" + LayoutName(Layout) : string.Empty)
            + (ClassWeights is { } weights ? ";weights=" + WeightsText(weights) : string.Empty)
            + (Scope == OhemScope.PerImage ? ";scope=image" : string.Empty)
            + KnobKey;

        /// <summary><c>[w0,w1,...]</c>, each weight as <see cref="Literals.Double"/>.</summary>
        public static string WeightsText(IReadOnlyList<double> weights)
        {
            var parts = new string[weights.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = Literals.Double(weights[i]);
            }

            return "[" + string.Join(",", parts) + "]";
        }

        private static double[]? CopyWeights(IReadOnlyList<double>? weights)
        {
            if (weights is null)
            {
                return null;
            }

            var copy = new double[weights.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = weights[i] == 0 ? 0.0 : weights[i];
            }

            return copy;
        }

        /// <summary>64-bit FNV-1a of <see cref="Key"/>, as 16 lowercase hex digits.</summary>
        public string Hash => Fnv1a.Hex(Key);

        /// <summary>The suffix that makes kernel entry names unique to this spec (first 12 hex digits of <see cref="Hash"/>).</summary>
        public string NameSuffix => Hash.Substring(0, 12);

        /// <summary>The kernel entry points for this spec.</summary>
        public OhemKernelNames KernelNames => new OhemKernelNames(NameSuffix, Logits != OhemLogits.Float32, IsPerImage);

        /// <summary>Every problem with this spec, errors and warnings, in argument order; empty when valid.</summary>
        public IReadOnlyList<OhemSpecProblem> Validate()
        {
            var problems = new List<OhemSpecProblem>();
            if (ThreshIsLoss)
            {
                if (double.IsNaN(Thresh) || double.IsInfinity(Thresh) || Thresh < 0)
                {
                    problems.Add(new OhemSpecProblem(OhemSpecProblemKind.LossThreshOutOfRange, nameof(Thresh), Literals.Double(Thresh)));
                }
            }
            else if (double.IsNaN(Thresh) || Thresh <= 0 || Thresh > 1)
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.ThreshOutOfRange, nameof(Thresh), Literals.Double(Thresh)));
            }

            if (NMin < 0)
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.NMinNegative, nameof(NMin), NMin.ToString(CultureInfo.InvariantCulture)));
            }

            if (NumClasses < 0 || NumClasses == 1)
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.NumClassesInvalid, nameof(NumClasses), NumClasses.ToString(CultureInfo.InvariantCulture)));
            }

            if (!Enum.IsDefined(typeof(OhemLogits), Logits))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, nameof(Logits), ((int)Logits).ToString(CultureInfo.InvariantCulture)));
            }

            if (!Enum.IsDefined(typeof(OhemLabels), Labels))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, nameof(Labels), ((int)Labels).ToString(CultureInfo.InvariantCulture)));
            }
            else if (!IsRepresentable(IgnoreLabel, Labels))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.IgnoreLabelNotRepresentable, nameof(IgnoreLabel), IgnoreLabel.ToString(CultureInfo.InvariantCulture)));
            }

            if (!Enum.IsDefined(typeof(OhemMode), Mode))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, nameof(Mode), ((int)Mode).ToString(CultureInfo.InvariantCulture)));
            }

            if (!Enum.IsDefined(typeof(OhemScope), Scope))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, nameof(Scope), ((int)Scope).ToString(CultureInfo.InvariantCulture)));
            }

            if (Fraction != 0 && (double.IsNaN(Fraction) || Fraction < 0 || Fraction > 1))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.FractionOutOfRange, nameof(Fraction), Literals.Double(Fraction)));
            }

            if (!Enum.IsDefined(typeof(OhemLayout), Layout))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, nameof(Layout), ((int)Layout).ToString(CultureInfo.InvariantCulture)));
            }

            ValidateKnobs(problems);

            if (NumClasses >= 2 && IgnoreLabel >= 0 && IgnoreLabel < NumClasses)
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.IgnoreLabelIsAClass, nameof(IgnoreLabel), IgnoreLabel.ToString(CultureInfo.InvariantCulture)));
            }

            ValidateClassWeights(problems);
            return problems;
        }

        /// <summary>
        /// OHEM0013: one weight per class, so the class count must be baked in; OHEM0014: each weight a finite float32
        /// value ≥ 0 (a NaN, negative or infinite weight would break the keys' order or every sum).
        /// </summary>
        private void ValidateClassWeights(List<OhemSpecProblem> problems)
        {
            if (ClassWeights is not { } weights)
            {
                return;
            }

            if (!SupportsClassWeights)
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.ClassWeightsUnsupported, nameof(ClassWeights), ModeName(Mode), ClassWeightsRefusal));
            }

            if (weights.Count != NumClasses || NumClasses <= 0)
            {
                problems.Add(new OhemSpecProblem(
                    OhemSpecProblemKind.ClassWeightsLength, nameof(ClassWeights),
                    weights.Count.ToString(CultureInfo.InvariantCulture) + "/" + NumClasses.ToString(CultureInfo.InvariantCulture)));
            }

            for (int i = 0; i < weights.Count; i++)
            {
                double w = weights[i];
                if (double.IsNaN(w) || w < 0 || double.IsInfinity(w) || float.IsInfinity((float)w))
                {
                    problems.Add(new OhemSpecProblem(
                        OhemSpecProblemKind.ClassWeightInvalid, nameof(ClassWeights),
                        "[" + i.ToString(CultureInfo.InvariantCulture) + "] is " + Literals.Double(w)));
                }
            }
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first error (warnings pass).</summary>
        public OhemSpec EnsureValid()
        {
            foreach (var problem in Validate())
            {
                if (problem.IsError)
                {
                    throw new ArgumentException(problem.Message, problem.Argument);
                }
            }

            return this;
        }

        /// <summary>Whether a label type can hold a value (the ignore label must be comparable to real labels).</summary>
        public static bool IsRepresentable(int value, OhemLabels labels) => labels switch
        {
            OhemLabels.UInt8 => value >= 0 && value <= 255,
            _ => true,
        };

        /// <summary>−ln(thresh) in float32, as the seed computes it.</summary>
        public static float ThreshLossOf(double thresh) => (float)-Math.Log((float)thresh);

        /// <summary>The largest float below a non-negative one (−0 and +0 give the negative denormal closest to 0).</summary>
        private static float PreviousFloat(float value)
        {
            int bits = BitConverter.ToInt32(BitConverter.GetBytes(value), 0);
            return bits == 0 || bits == int.MinValue
                ? -float.Epsilon
                : BitConverter.ToSingle(BitConverter.GetBytes(bits - 1), 0);
        }

        /// <summary>mmseg's batch_kept = min_kept × N (min_kept is per image), saturated: any value ≥ the valid count means valid − 1.</summary>
        public static long BatchKept(long minKept, long images) =>
            images != 0 && minKept > long.MaxValue / images ? long.MaxValue : minKept * images;

        /// <summary>The CLI and docs name of a mode.</summary>
        public static string ModeName(OhemMode mode) => mode switch
        {
            OhemMode.BiSeNetV1 => "bisenet-v1",
            OhemMode.BiSeNetV2 => "bisenet-v2",
            OhemMode.HRNet => "hrnet",
            OhemMode.TopKPercent => "topk-percent",
            OhemMode.MMSegSampler => "mmseg",
            OhemMode.PaddleSeg => "paddleseg",
            OhemMode.MMSegByLoss => "mmseg-loss",
            OhemMode.DeepLabTF => "deeplab-tf",
            OhemMode.ModelGarden => "model-garden",
            OhemMode.TorchSeg => "torchseg",
            OhemMode.PytorchLossOhem => "pytorch-loss",
            OhemMode.PaddleSegBootstrapped => "paddleseg-bootstrapped",
            OhemMode.PaddleSegTopK => "paddleseg-topk",
            OhemMode.DeepLab2 => "deeplab2",
            _ => "mode" + ((int)mode).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The mode named <paramref name="name"/> by <see cref="ModeName"/> (ordinal, case-insensitive), for the CLI.</summary>
        public static bool TryParseMode(string? name, out OhemMode mode)
        {
            foreach (OhemMode candidate in new[] { OhemMode.BiSeNetV1, OhemMode.BiSeNetV2, OhemMode.HRNet, OhemMode.TopKPercent, OhemMode.MMSegSampler, OhemMode.PaddleSeg,
                OhemMode.MMSegByLoss, OhemMode.DeepLabTF, OhemMode.ModelGarden, OhemMode.TorchSeg, OhemMode.PytorchLossOhem, OhemMode.PaddleSegBootstrapped,
                OhemMode.PaddleSegTopK, OhemMode.DeepLab2 })
            {
                if (string.Equals(name, ModeName(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    mode = candidate;
                    return true;
                }
            }

            mode = default;
            return false;
        }

        /// <summary>The CLI and docs name of a layout: <c>nchw</c>, <c>nhwc</c>.</summary>
        public static string LayoutName(OhemLayout layout) => layout switch
        {
            OhemLayout.NCHW => "nchw",
            OhemLayout.NHWC => "nhwc",
            _ => "layout" + ((int)layout).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The layout named <paramref name="name"/> by <see cref="LayoutName"/> (ordinal, case-insensitive), for the CLI.</summary>
        public static bool TryParseLayout(string? name, out OhemLayout layout)
        {
            foreach (OhemLayout candidate in new[] { OhemLayout.NCHW, OhemLayout.NHWC })
            {
                if (string.Equals(name, LayoutName(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    layout = candidate;
                    return true;
                }
            }

            layout = default;
            return false;
        }

        /// <summary>The CLI and docs name of a scope: batch or image.</summary>
        public static string ScopeName(OhemScope scope) => scope switch
        {
            OhemScope.PerBatch => "batch",
            OhemScope.PerImage => "image",
            _ => "scope" + ((int)scope).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The scope named <paramref name="name"/> by <see cref="ScopeName"/> (ordinal, case-insensitive), for the CLI.</summary>
        public static bool TryParseScope(string? name, out OhemScope scope)
        {
            foreach (OhemScope candidate in new[] { OhemScope.PerBatch, OhemScope.PerImage })
            {
                if (string.Equals(name, ScopeName(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    scope = candidate;
                    return true;
                }
            }

            scope = default;
            return false;
        }

        /// <summary>The CLI and docs name of a logits type.</summary>
        public static string LogitsName(OhemLogits logits) => logits switch
        {
            OhemLogits.Float32 => "f32",
            OhemLogits.Float16 => "f16",
            OhemLogits.BFloat16 => "bf16",
            _ => "logits" + ((int)logits).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The CLI and docs name of a labels type.</summary>
        public static string LabelsName(OhemLabels labels) => labels switch
        {
            OhemLabels.Int64 => "i64",
            OhemLabels.Int32 => "i32",
            OhemLabels.UInt8 => "u8",
            _ => "labels" + ((int)labels).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>Bytes per logit element.</summary>
        public int LogitsElementSize => Logits == OhemLogits.Float32 ? 4 : 2;

        /// <summary>Bytes per label element.</summary>
        public int LabelsElementSize => Labels switch
        {
            OhemLabels.Int64 => 8,
            OhemLabels.Int32 => 4,
            _ => 1,
        };

        /// <inheritdoc/>
        public bool Equals(OhemSpec? other) => other is not null && Key == other.Key;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as OhemSpec);

        /// <inheritdoc/>
        public override int GetHashCode() => Key.GetHashCode();

        /// <inheritdoc/>
        public override string ToString() => Key;
    }
}
