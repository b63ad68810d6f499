namespace Ohem
{
    /// <summary>What can be wrong with a spec. The generator maps each kind to one OHEM diagnostic id.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemSpecProblemKind
    {
        /// <summary>Thresh is NaN or outside (0, 1].</summary>
        ThreshOutOfRange,
        /// <summary>NMin is negative.</summary>
        NMinNegative,
        /// <summary>NumClasses is 1 or negative.</summary>
        NumClassesInvalid,
        /// <summary>IgnoreLabel is a real class in [0, NumClasses) (a warning).</summary>
        IgnoreLabelIsAClass,
        /// <summary>IgnoreLabel cannot be held by the label type.</summary>
        IgnoreLabelNotRepresentable,
        /// <summary>An enum argument has a value that is not defined.</summary>
        UndefinedEnumValue,
        /// <summary>Fraction is given (non-zero) but NaN or outside (0, 1].</summary>
        FractionOutOfRange,
        /// <summary>ClassWeights has not exactly NumClasses entries, or NumClasses is not baked in (OHEM0013).</summary>
        ClassWeightsLength,
        /// <summary>A class weight is negative, NaN or not finite in float32 (OHEM0014).</summary>
        ClassWeightInvalid,
        /// <summary>PaddleSegBootstrapped reads Thresh as a loss threshold, and it is NaN, infinite or negative.</summary>
        LossThreshOutOfRange,
        /// <summary>A knob value that the chosen mode (or another argument) cannot honour.</summary>
        KnobNotSupported,
        /// <summary>ClassWeights is given with a mode whose reference takes none (PytorchLossOhem, OHEM0017).</summary>
        ClassWeightsUnsupported,
    }

    /// <summary>One problem found by <see cref="OhemSpec.Validate"/>: which argument, its value, and why.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    sealed class OhemSpecProblem
    {
        /// <summary>Creates a problem record.</summary>
        public OhemSpecProblem(OhemSpecProblemKind kind, string argument, string value)
            : this(kind, argument, value, string.Empty)
        {
        }

        /// <summary>Creates a problem record with the reason it is one (knob combinations).</summary>
        public OhemSpecProblem(OhemSpecProblemKind kind, string argument, string value, string reason)
        {
            Kind = kind;
            Argument = argument;
            Value = value;
            Reason = reason;
        }

        /// <summary>Why the value cannot be honoured (<see cref="OhemSpecProblemKind.KnobNotSupported"/>); empty otherwise.</summary>
        public string Reason { get; }

        /// <summary>The kind of problem.</summary>
        public OhemSpecProblemKind Kind { get; }

        /// <summary>The attribute property (or constructor parameter) at fault.</summary>
        public string Argument { get; }

        /// <summary>The offending value, formatted invariantly.</summary>
        public string Value { get; }

        /// <summary>False only for <see cref="OhemSpecProblemKind.IgnoreLabelIsAClass"/>, which is a warning.</summary>
        public bool IsError => Kind != OhemSpecProblemKind.IgnoreLabelIsAClass;

        /// <summary>The message, in the same words as the diagnostic.</summary>
        public string Message => Kind switch
        {
            OhemSpecProblemKind.ThreshOutOfRange => $"Thresh is {Value}, but it is a probability and must be in (0, 1]",
            OhemSpecProblemKind.NMinNegative => $"NMin is {Value}, but it must be 0 or more",
            OhemSpecProblemKind.NumClassesInvalid => $"NumClasses is {Value}, but it must be 0 (given at run time) or at least 2",
            OhemSpecProblemKind.IgnoreLabelIsAClass => $"IgnoreLabel is {Value}, which is a real class in [0, NumClasses): its pixels would be ignored",
            OhemSpecProblemKind.FractionOutOfRange => $"Fraction is {Value}, but it must be in (0, 1] (or 0 for the mode's default)",
            OhemSpecProblemKind.ClassWeightsLength => ClassWeightsLengthMessage(Value),
            OhemSpecProblemKind.ClassWeightInvalid => $"ClassWeights{Value}, but a class weight must be a finite float32 value ≥ 0",
            OhemSpecProblemKind.LossThreshOutOfRange => $"Thresh is {Value}, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more",
            OhemSpecProblemKind.ClassWeightsUnsupported when Reason.Length != 0 => $"ClassWeights is given, but Mode {Value} does not take class weights: {Reason}",
            OhemSpecProblemKind.ClassWeightsUnsupported => $"ClassWeights is given, but Mode {Value} does not take class weights",
            OhemSpecProblemKind.IgnoreLabelNotRepresentable => $"IgnoreLabel is {Value}, which the label type cannot hold, so no pixel would ever be ignored",
            OhemSpecProblemKind.KnobNotSupported => $"{Argument} is {Value}, which cannot be honoured: {Reason}",
            _ => $"{Argument} is {Value}, which is not a defined value of its enum",
        };

        // Value is "length/classes".
        private static string ClassWeightsLengthMessage(string value)
        {
            int slash = value.IndexOf('/');
            string length = value.Substring(0, slash), classes = value.Substring(slash + 1);
            return classes == "0"
                ? $"ClassWeights has {length} entries, but NumClasses is 0 (given at run time): class weights need NumClasses baked in, one weight per class"
                : $"ClassWeights has {length} entries, but NumClasses is {classes}: give exactly one weight per class";
        }
    }
}
