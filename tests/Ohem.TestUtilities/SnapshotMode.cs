using System;

namespace Ohem.TestUtilities
{
    /// <summary>Whether this run may overwrite .verified. files: only on request, and never on CI.</summary>
    public static class SnapshotMode
    {
        /// <summary>The variable that asks for new or changed snapshots to be accepted.</summary>
        public const string AcceptVariable = "OHEM_ACCEPT_SNAPSHOTS";

        /// <summary>True when OHEM_ACCEPT_SNAPSHOTS=1 and neither CI=true nor OHEM_CI=1 is set.</summary>
        public static bool Accept => IsSet(AcceptVariable, "1") && !IsCi;

        /// <summary>True on CI, where a snapshot must already be committed and correct.</summary>
        public static bool IsCi => IsSet("CI", "true") || IsSet("CI", "1") || IsSet("OHEM_CI", "1");

        private static bool IsSet(string name, string value) =>
            string.Equals(Environment.GetEnvironmentVariable(name)?.Trim(), value, StringComparison.OrdinalIgnoreCase);
    }
}
