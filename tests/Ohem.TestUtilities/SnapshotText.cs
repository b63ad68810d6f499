using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ohem.TestUtilities
{
    /// <summary>Verify's text conventions: LF newlines, no trailing newline, UTF-8, the generator version scrubbed.</summary>
    public static class SnapshotText
    {
        /// <summary>What replaces the generator version, so a version bump does not churn every snapshot.</summary>
        public const string VersionPlaceholder = "<OHEM_VERSION>";

        /// <summary>UTF-8 without a byte order mark.</summary>
        public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private static readonly Regex GeneratedCodeVersion = new Regex(
            "(GeneratedCode\\(\"Ohem\\.Generator\", \")[^\"]*(\"\\))", RegexOptions.CultureInvariant);

        /// <summary>LF newlines and no trailing newline.</summary>
        public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd('\n');

        /// <summary>Replaces the version in every <c>[GeneratedCode("Ohem.Generator", "x")]</c>.</summary>
        public static string ScrubVersion(string text) => GeneratedCodeVersion.Replace(text, "${1}" + VersionPlaceholder + "${2}");

        /// <summary>
        /// The value of the <c>CudaSource</c> constant of a generated file (the raw literal's value as the compiler
        /// reads it, not its source text), or null when the file has none.
        /// </summary>
        public static string? ExtractCudaSource(string generatedCSharp)
        {
            var root = CSharpSyntaxTree.ParseText(generatedCSharp).GetRoot();
            var literal = root.DescendantNodes()
                .OfType<VariableDeclaratorSyntax>()
                .Where(v => v.Identifier.ValueText == "CudaSource")
                .Select(v => v.Initializer?.Value)
                .OfType<LiteralExpressionSyntax>()
                .FirstOrDefault();
            return literal?.Token.ValueText;
        }
    }
}
