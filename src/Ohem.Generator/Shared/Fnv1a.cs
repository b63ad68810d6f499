using System.Text;

namespace Ohem
{
    /// <summary>64-bit FNV-1a over UTF-8: stable across processes and frameworks, unlike string.GetHashCode.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    static class Fnv1a
    {
        /// <summary>The hash of a text's UTF-8 bytes.</summary>
        public static ulong Hash(string text)
        {
            ulong hash = 14695981039346656037UL;
            foreach (byte b in Encoding.UTF8.GetBytes(text))
            {
                hash ^= b;
                hash *= 1099511628211UL;
            }

            return hash;
        }

        /// <summary>The hash as 16 lowercase hex digits.</summary>
        public static string Hex(string text) => Hash(text).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
