using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ohem.Cuda
{
    /// <summary>Reads the per-kernel lines of an NVRTC log compiled with --ptxas-options=-v.</summary>
    internal static partial class PtxasLog
    {
        [GeneratedRegex(@"Compiling entry function '([^']+)'")]
        private static partial Regex EntryLine();

        [GeneratedRegex(@"Function properties for (\S+)")]
        private static partial Regex PropertiesLine();

        [GeneratedRegex(@"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")]
        private static partial Regex FrameLine();

        [GeneratedRegex(@"Used (\d+) registers(?:.*?(\d+) bytes smem)?")]
        private static partial Regex UsageLine();

        /// <summary>One record per entry function, in the log's order.</summary>
        public static IReadOnlyList<OhemKernelInfo> Parse(string log)
        {
            var kernels = new List<OhemKernelInfo>();
            var entries = new HashSet<string>();
            string? current = null;
            string? properties = null;
            int stack = 0, stores = 0, loads = 0;
            foreach (string line in log.Split('\n'))
            {
                Match m;
                if ((m = EntryLine().Match(line)).Success)
                {
                    current = m.Groups[1].Value;
                    entries.Add(current);
                    stack = stores = loads = 0;
                }
                else if ((m = PropertiesLine().Match(line)).Success)
                {
                    properties = m.Groups[1].Value;
                }
                else if ((m = FrameLine().Match(line)).Success && properties == current)
                {
                    stack = Int(m.Groups[1].Value);
                    stores = Int(m.Groups[2].Value);
                    loads = Int(m.Groups[3].Value);
                }
                else if ((m = UsageLine().Match(line)).Success && current is not null)
                {
                    int smem = m.Groups[2].Success ? Int(m.Groups[2].Value) : 0;
                    kernels.Add(new OhemKernelInfo(current, Int(m.Groups[1].Value), stores, loads, smem, stack));
                    current = null;
                }
            }

            return kernels;
        }

        /// <summary>The log's warning lines (ptxas and front end).</summary>
        public static IReadOnlyList<string> Warnings(string log)
        {
            var warnings = new List<string>();
            foreach (string line in log.Split('\n'))
            {
                if (line.Contains("warning", System.StringComparison.OrdinalIgnoreCase))
                {
                    warnings.Add(line.TrimEnd('\r'));
                }
            }

            return warnings;
        }

        private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
