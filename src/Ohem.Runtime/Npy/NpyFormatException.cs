using System;
using System.IO;

namespace Ohem.NumPy
{
    /// <summary>A .npy file that cannot be used as asked: the message names the file, what was found and what was expected.</summary>
    public sealed class NpyFormatException : IOException
    {
        /// <summary>Creates the exception; <paramref name="detail"/> says what was found and what was expected.</summary>
        public NpyFormatException(string path, string detail)
            : base($"{path}: {detail}")
        {
            Path = path;
            Detail = detail;
        }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>What was wrong, without the file name.</summary>
        public string Detail { get; }
    }
}
