using System;
using Microsoft.CodeAnalysis.Text;

namespace Ohem.TestUtilities
{
    /// <summary>Source text with one expected span marked <c>[|like this|]</c>, as Roslyn's own tests mark them.</summary>
    public sealed class SourceMarkup
    {
        private SourceMarkup(string source, TextSpan span)
        {
            Source = source;
            Span = span;
        }

        /// <summary>The source without the markers.</summary>
        public string Source { get; }

        /// <summary>Where the marked text is in <see cref="Source"/>.</summary>
        public TextSpan Span { get; }

        /// <summary>The marked text.</summary>
        public string MarkedText => Source.Substring(Span.Start, Span.Length);

        /// <summary>The marked span as 0-based (line, character) positions.</summary>
        public LinePositionSpan LineSpan => SourceText.From(Source).Lines.GetLinePositionSpan(Span);

        /// <summary>Parses text holding exactly one <c>[|…|]</c>.</summary>
        public static SourceMarkup Parse(string markup)
        {
            int start = markup.IndexOf("[|", StringComparison.Ordinal);
            int end = markup.IndexOf("|]", StringComparison.Ordinal);
            if (start < 0 || end < start || markup.IndexOf("[|", start + 2, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException("Expected exactly one [|span|] in the markup.", nameof(markup));
            }

            string source = markup.Remove(end, 2).Remove(start, 2);
            return new SourceMarkup(source, new TextSpan(start, end - start - 2));
        }
    }
}
