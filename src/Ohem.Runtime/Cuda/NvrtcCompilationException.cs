namespace Ohem.Cuda
{
    /// <summary>The generated CUDA C did not compile. Carries the whole NVRTC log, the spec key and the source hash.</summary>
    public sealed class NvrtcCompilationException : NvrtcException
    {
        /// <summary>Creates the exception.</summary>
        public NvrtcCompilationException(int result, string log, string specKey, string sourceHash, string architecture, string options)
            : base(
                "nvrtcCompileProgram",
                result,
                $"NVRTC could not compile the CUDA C of spec '{specKey}' (source SHA-256 {sourceHash}) for {architecture} with options '{options}': "
                + $"{NvrtcResultNames.Name(result)}. Log:\n{log}")
        {
            Log = log;
            SpecKey = specKey;
            SourceHash = sourceHash;
            Architecture = architecture;
        }

        /// <summary>The complete program log.</summary>
        public string Log { get; }

        /// <summary>The key of the spec whose source failed.</summary>
        public string SpecKey { get; }

        /// <summary>SHA-256 of the source (hex).</summary>
        public string SourceHash { get; }

        /// <summary>The architecture it was compiled for.</summary>
        public string Architecture { get; }
    }
}
