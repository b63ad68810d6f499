using System;
using System.Text;

namespace Ohem.Generator.Helpers
{
    /// <summary>A small indented text writer: four spaces, '\n' newlines, blocks closed by disposing.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder text = new StringBuilder();
        private int depth;

        public IndentedWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                text.Append(' ', depth * 4).Append(line);
            }

            text.Append('\n');
            return this;
        }

        /// <summary>Writes text verbatim (already laid out, such as a raw string literal's body).</summary>
        public IndentedWriter Raw(string content)
        {
            text.Append(content);
            return this;
        }

        public Block OpenBlock(string header)
        {
            Line(header);
            Line("{");
            depth++;
            return new Block(this);
        }

        public override string ToString() => text.ToString();

        public readonly struct Block : IDisposable
        {
            private readonly IndentedWriter writer;

            public Block(IndentedWriter writer) => this.writer = writer;

            public void Dispose()
            {
                writer.depth--;
                writer.Line("}");
            }
        }
    }
}
