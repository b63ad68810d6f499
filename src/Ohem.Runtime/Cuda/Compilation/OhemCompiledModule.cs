using System;
using System.Collections.Generic;

namespace Ohem.Cuda
{
    /// <summary>An NVRTC result: the image (cubin or NUL-terminated PTX), the log and what ptxas said per kernel.</summary>
    public sealed class OhemCompiledModule
    {
        internal OhemCompiledModule(string specKey, string sourceHash, int architecture, OhemCompileTarget target, byte[] image, string log, OhemImageOrigin origin)
        {
            SpecKey = specKey;
            SourceHash = sourceHash;
            Architecture = architecture;
            Target = target;
            Image = image;
            Log = log;
            Origin = origin;
            Kernels = PtxasLog.Parse(log);
            Warnings = PtxasLog.Warnings(log);
        }

        /// <summary>The spec's key.</summary>
        public string SpecKey { get; }

        /// <summary>SHA-256 of the source (hex).</summary>
        public string SourceHash { get; }

        /// <summary>Compute capability × 10 + minor, e.g. 90 for sm_90.</summary>
        public int Architecture { get; }

        /// <summary>The architecture as NVRTC was given it (sm_90 or compute_90).</summary>
        public string ArchitectureName => OhemArchitectures.Name(Architecture, Target);

        /// <summary>Cubin or PTX.</summary>
        public OhemCompileTarget Target { get; }

        /// <summary>The image bytes (PTX ends with a NUL, as the driver wants it).</summary>
        public ReadOnlyMemory<byte> Image { get; }

        /// <summary>The NVRTC program log (ptxas -v lines for cubins).</summary>
        public string Log { get; }

        /// <summary>Registers, spills, shared memory and stack per entry point (cubins only; empty for PTX).</summary>
        public IReadOnlyList<OhemKernelInfo> Kernels { get; }

        /// <summary>Warning lines of the log.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Where this image came from.</summary>
        public OhemImageOrigin Origin { get; }

        internal OhemCompiledModule WithOrigin(OhemImageOrigin origin) =>
            new OhemCompiledModule(SpecKey, SourceHash, Architecture, Target, Image.ToArray(), Log, origin);
    }
}
