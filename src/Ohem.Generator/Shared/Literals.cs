using System.Globalization;

namespace Ohem
{
    /// <summary>
    /// Culture-invariant, shortest round-trip number literals that read the same in C# and CUDA C. Written by
    /// hand rather than with "R" because "R" differs between .NET Framework (Visual Studio's compiler host) and
    /// .NET, and the literal feeds the spec hash.
    /// </summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    static class Literals
    {
        /// <summary>A float literal with an <c>f</c> suffix, e.g. <c>0.35667497f</c>.</summary>
        public static string Float(float value)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                throw new System.ArgumentOutOfRangeException(nameof(value), value, "Only finite values have a literal.");
            }

            string text = value.ToString("G9", CultureInfo.InvariantCulture);
            for (int digits = 1; digits < 9; digits++)
            {
                string candidate = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                if (float.Parse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture) == value)
                {
                    text = candidate;
                    break;
                }
            }

            return WithPoint(text) + "f";
        }

        /// <summary>A double as shortest round-trip text, e.g. <c>0.7</c>; NaN and infinities as words (only for messages and keys).</summary>
        public static string Double(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return value.ToString(CultureInfo.InvariantCulture);
            }

            for (int digits = 1; digits < 17; digits++)
            {
                string candidate = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                if (double.Parse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture) == value)
                {
                    return WithPoint(candidate);
                }
            }

            return WithPoint(value.ToString("G17", CultureInfo.InvariantCulture));
        }

        private static string WithPoint(string text) =>
            text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }
}
