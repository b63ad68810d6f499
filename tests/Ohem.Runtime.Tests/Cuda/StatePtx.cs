using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// Reads a kernel's PTX for its accesses to one field of the state (a pointer parameter): which loads and stores
    /// touch that field's bytes. Loads through the read-only path (<c>ld.global.nc</c>) are not counted as loads of
    /// written memory; they never occur for a state the kernel stores into.
    /// </summary>
    internal static class StatePtx
    {
        private static readonly Regex Copy = new(@"(?:cvta\.to\.global\.u64|mov\.u64|mov\.b64)\s+(%rd\d+),\s*(%rd\d+);", RegexOptions.Compiled);

        private static readonly Regex Access = new(
            @"\b(?<op>ld|st)(?:\.global)?(?!\.(?:nc|param|shared|local|const))(?:\.v(?<vec>[24]))?\.[a-z](?<bits>\d+)\s+(?<operands>[^;]*);",
            RegexOptions.Compiled);

        /// <summary>The PTX lines of <paramref name="kernel"/> that load (<c>ld</c>) or store (<c>st</c>) any byte of the field.</summary>
        public static IReadOnlyList<string> Accesses(string ptx, string kernel, int parameter, int offset, int size, string op)
        {
            string body = Entry(ptx, kernel);
            Match param = Regex.Match(body, $@"ld\.param\.u64\s+(%rd\d+),\s*\[{Regex.Escape(kernel)}_param_{parameter}\];");
            Assert.True(param.Success, $"{kernel}: no ld.param of parameter {parameter} in the PTX");
            var pointers = new HashSet<string> { param.Groups[1].Value };
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (Match m in Copy.Matches(body))
                {
                    grew |= pointers.Contains(m.Groups[2].Value) && pointers.Add(m.Groups[1].Value);
                }
            }

            var found = new List<string>();
            foreach (Match m in Access.Matches(body))
            {
                if (m.Groups["op"].Value != op)
                {
                    continue;
                }

                Match address = Regex.Match(m.Groups["operands"].Value, @"\[(?<reg>%rd\d+)(?:\+(?<off>-?\d+))?\]");
                if (!address.Success || !pointers.Contains(address.Groups["reg"].Value))
                {
                    continue;
                }

                int start = address.Groups["off"].Success ? int.Parse(address.Groups["off"].Value) : 0;
                int width = int.Parse(m.Groups["bits"].Value) / 8 * (m.Groups["vec"].Success ? int.Parse(m.Groups["vec"].Value) : 1);
                if (start < offset + size && offset < start + width)
                {
                    found.Add(m.Value);
                }
            }

            return found;
        }

        private static string Entry(string ptx, string kernel)
        {
            int start = ptx.IndexOf(".entry " + kernel + "(", StringComparison.Ordinal);
            Assert.True(start >= 0, kernel + " is not in the PTX");
            int end = ptx.IndexOf("\n}", start, StringComparison.Ordinal);
            return ptx.Substring(start, end - start);
        }
    }
}
