using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Ohem.TestUtilities
{
    /// <summary>Diagnostics as readable text: one block per diagnostic, sorted by location then id.</summary>
    public static class DiagnosticText
    {
        /// <summary>The text of a set of diagnostics; empty when there are none.</summary>
        public static string Format(IEnumerable<Diagnostic> diagnostics)
        {
            var ordered = diagnostics
                .OrderBy(d => Path(d), System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Location.SourceSpan.Length)
                .ThenBy(d => d.Id, System.StringComparer.Ordinal)
                .ToList();
            var text = new StringBuilder();
            foreach (var diagnostic in ordered)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append("Id: ").Append(diagnostic.Id).Append('\n');
                text.Append("Severity: ").Append(diagnostic.Severity.ToString()).Append('\n');
                text.Append("Location: ").Append(Location(diagnostic.Location)).Append('\n');
                text.Append("Message: ").Append(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Append('\n');
            }

            return SnapshotText.Normalize(text.ToString());
        }

        /// <summary><c>{file}: (l,c)-(l,c)</c>, 0-based as Roslyn counts, or <c>none</c>.</summary>
        public static string Location(Location location)
        {
            if (location == Microsoft.CodeAnalysis.Location.None)
            {
                return "none";
            }

            var span = location.GetLineSpan();
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0}: ({1},{2})-({3},{4})",
                span.Path.Replace('\\', '/'),
                span.StartLinePosition.Line,
                span.StartLinePosition.Character,
                span.EndLinePosition.Line,
                span.EndLinePosition.Character);
        }

        private static string Path(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().Path ?? string.Empty;
    }
}
