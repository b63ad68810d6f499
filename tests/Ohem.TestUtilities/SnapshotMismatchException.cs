using System;

namespace Ohem.TestUtilities
{
    /// <summary>A snapshot differs from, is missing next to, or is left over beside what a test produced.</summary>
    public sealed class SnapshotMismatchException : Exception
    {
        /// <summary>Creates the exception with the full, human-readable report.</summary>
        public SnapshotMismatchException(string message)
            : base(message)
        {
        }
    }
}
