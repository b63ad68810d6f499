using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The byte offsets of the emitted <c>struct OhemState</c>'s fields, laid out as C does (natural alignment).</summary>
    internal static class EmittedStateLayout
    {
        private static readonly Dictionary<string, int> Sizes = new() { ["double"] = 8, ["u64"] = 8, ["float"] = 4, ["u32"] = 4 };

        /// <summary>Each field's offset, and the struct's size.</summary>
        public static (IReadOnlyDictionary<string, int> Offsets, int Size) Of(string source)
        {
            string body = Regex.Match(source, @"struct OhemState\s*\{(?<body>[^}]*)\};").Groups["body"].Value;
            int offset = 0;
            var offsets = new Dictionary<string, int>();
            foreach (Match field in Regex.Matches(body, @"(?<type>\w+)\s+(?<name>\w+)(\[(?<count>\d+)\])?;"))
            {
                int size = Sizes[field.Groups["type"].Value];
                offset = (offset + size - 1) / size * size;
                offsets[field.Groups["name"].Value] = offset;
                offset += size * (field.Groups["count"].Success ? int.Parse(field.Groups["count"].Value) : 1);
            }

            return (offsets, offset);
        }
    }
}
