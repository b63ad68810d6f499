using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>Architecture names and the set this NVRTC supports.</summary>
    public static class OhemArchitectures
    {
        private static int[]? supported;

        /// <summary>The real architectures this NVRTC compiles for (×10: 70 = sm_70), from nvrtcGetSupportedArchs.</summary>
        public static unsafe IReadOnlyList<int> Supported
        {
            get
            {
                if (supported is null)
                {
                    CudaLibraries.Load(CudaLibraryKind.Nvrtc);
                    Nvrtc.Check(Nvrtc.nvrtcGetNumSupportedArchs(out int count), "nvrtcGetNumSupportedArchs");
                    var list = new int[count];
                    fixed (int* p = list)
                    {
                        Nvrtc.Check(Nvrtc.nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
                    }

                    // Below sm_50 is deprecated and untested; Ohem does not offer it.
                    supported = list.Where(a => a >= 50).OrderBy(a => a).ToArray();
                }

                return supported;
            }
        }

        /// <summary>sm_XY or compute_XY.</summary>
        public static string Name(int architecture, OhemCompileTarget target) =>
            (target == OhemCompileTarget.Cubin ? "sm_" : "compute_") + architecture.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Parses "sm_90", "compute_90" or "90" and checks NVRTC supports it; otherwise
        /// <see cref="ArgumentException"/> naming the value and the supported list.
        /// </summary>
        public static int Parse(string architecture, string argument)
        {
            ArgumentNullException.ThrowIfNull(architecture, argument);
            string digits = architecture.StartsWith("sm_", StringComparison.Ordinal) ? architecture.Substring(3)
                : architecture.StartsWith("compute_", StringComparison.Ordinal) ? architecture.Substring(8)
                : architecture;
            if (digits.Length is not (2 or 3)
                || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                || !Supported.Contains(value))
            {
                throw new ArgumentException(
                    $"Architecture '{architecture}' is not supported by NVRTC {OhemCompiler.NvrtcVersionText}; expected one of "
                    + string.Join(", ", Supported.Select(a => "sm_" + a.ToString(CultureInfo.InvariantCulture))) + ".",
                    argument);
            }

            return value;
        }
    }
}
