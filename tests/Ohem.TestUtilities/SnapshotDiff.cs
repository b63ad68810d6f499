using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Ohem.TestUtilities
{
    /// <summary>A line diff of a snapshot, with a little context around each change so a failure reads on its own.</summary>
    public static class SnapshotDiff
    {
        /// <summary>Lines kept around each change.</summary>
        public const int Context = 3;

        /// <summary>Unified-style lines: "- " verified, "+ " received, "  " context, "@@ line N" at each hunk.</summary>
        public static string Lines(string verified, string received, int maxLines = 200)
        {
            var model = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false, ignoreCase: false);
            var lines = model.Lines;
            var keep = new bool[lines.Count];
            for (int i = 0; i < lines.Count; i++)
            {
                if (lines[i].Type != ChangeType.Unchanged)
                {
                    for (int j = System.Math.Max(0, i - Context); j <= System.Math.Min(lines.Count - 1, i + Context); j++)
                    {
                        keep[j] = true;
                    }
                }
            }

            var text = new StringBuilder();
            int written = 0;
            bool gap = true;
            for (int i = 0; i < lines.Count && written < maxLines; i++)
            {
                if (!keep[i])
                {
                    gap = true;
                    continue;
                }

                if (gap)
                {
                    text.Append("@@ line ").Append(lines[i].Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?").Append('\n');
                    gap = false;
                }

                string prefix = lines[i].Type switch
                {
                    ChangeType.Deleted => "- ",
                    ChangeType.Inserted => "+ ",
                    _ => "  ",
                };
                text.Append(prefix).Append(lines[i].Text).Append('\n');
                written++;
            }

            if (written >= maxLines)
            {
                text.Append("... (diff cut at ").Append(maxLines).Append(" lines)\n");
            }

            return text.ToString();
        }
    }
}
