using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Ohem.NumPy
{
    /// <summary>
    /// The header dictionary of a .npy file, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.
    /// A tiny parser for exactly the Python literals NumPy writes (strings, True/False, tuples of integers), so
    /// nothing is evaluated.
    /// </summary>
    internal sealed class NpyHeader
    {
        private readonly string text;
        private int pos;

        private NpyHeader(string text) => this.text = text;

        public string Descr { get; private set; } = "";

        public bool FortranOrder { get; private set; }

        public long[] Shape { get; private set; } = Array.Empty<long>();

        /// <summary>Parses a header; the string returned in <paramref name="error"/> says what is wrong.</summary>
        public static NpyHeader? TryParse(string text, out string? error)
        {
            var header = new NpyHeader(text);
            try
            {
                header.ParseDict();
                error = null;
                return header;
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        public static string Format(NpyDType dtype, long[] shape) =>
            "{'descr': '" + NpyDTypes.Descr(dtype) + "', 'fortran_order': False, 'shape': " + NpyArray.FormatShape(shape) + ", }";

        private void ParseDict()
        {
            bool sawDescr = false, sawOrder = false, sawShape = false;
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    pos++;
                    break;
                }

                string key = ParseString();
                Expect(':');
                switch (key)
                {
                    case "descr":
                        SkipSpace();
                        if (Peek() != '\'' && Peek() != '"')
                        {
                            throw new FormatException("'descr' is not a simple dtype string (structured dtypes are not supported)");
                        }

                        Descr = ParseString();
                        sawDescr = true;
                        break;
                    case "fortran_order":
                        FortranOrder = ParseBool();
                        sawOrder = true;
                        break;
                    case "shape":
                        Shape = ParseTuple();
                        sawShape = true;
                        break;
                    default:
                        throw new FormatException($"unexpected key '{key}'");
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    pos++;
                }
                else if (Peek() != '}')
                {
                    throw Error("',' or '}'");
                }
            }

            SkipSpace();
            if (pos != text.Length)
            {
                throw Error("the end of the header");
            }

            if (!sawDescr || !sawOrder || !sawShape)
            {
                throw new FormatException("the keys 'descr', 'fortran_order' and 'shape' are required");
            }
        }

        private string ParseString()
        {
            SkipSpace();
            char quote = Peek();
            if (quote != '\'' && quote != '"')
            {
                throw Error("a quoted string");
            }

            int end = text.IndexOf(quote, pos + 1);
            if (end < 0)
            {
                throw Error("a closing quote");
            }

            string value = text.Substring(pos + 1, end - pos - 1);
            pos = end + 1;
            return value;
        }

        private bool ParseBool()
        {
            SkipSpace();
            if (string.CompareOrdinal(text, pos, "True", 0, 4) == 0)
            {
                pos += 4;
                return true;
            }

            if (string.CompareOrdinal(text, pos, "False", 0, 5) == 0)
            {
                pos += 5;
                return false;
            }

            throw Error("True or False");
        }

        private long[] ParseTuple()
        {
            var dims = new List<long>();
            Expect('(');
            while (true)
            {
                SkipSpace();
                if (Peek() == ')')
                {
                    pos++;
                    return dims.ToArray();
                }

                int start = pos;
                while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                {
                    pos++;
                }

                if (start == pos || !long.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long dim))
                {
                    pos = start;
                    throw Error("a non-negative integer dimension");
                }

                if (Peek() == 'L')
                {
                    pos++; // Python 2 long literal.
                }

                dims.Add(dim);
                SkipSpace();
                if (Peek() == ',')
                {
                    pos++;
                }
                else if (Peek() != ')')
                {
                    throw Error("',' or ')'");
                }
            }
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Error("'" + c + "'");
            }

            pos++;
        }

        private char Peek() => pos < text.Length ? text[pos] : '\0';

        private void SkipSpace()
        {
            while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
            {
                pos++;
            }
        }

        private FormatException Error(string expected)
        {
            var found = new StringBuilder();
            found.Append(pos < text.Length ? "'" + text.Substring(pos, Math.Min(12, text.Length - pos)) + "'" : "the end");
            return new FormatException($"expected {expected} at character {pos}, found {found}");
        }
    }
}
