using System;

namespace Ohem.TestUtilities
{
    /// <summary>Whether this run may overwrite .verified. files: only on request, and never on CI.</summary>
    public static class SnapshotMode
    {
        /// <summary>The variable that asks for new or changed snapshots to be accepted.</summary>
        public const string AcceptVariable = "OHEM_ACCEPT_SNAPSHOTS";

        /// <summary>True when OHEM_ACCEPT_SNAPSHOTS=1 and neither CI=true nor OHEM_CI=1 is set.</summary>
        public static bool Accept => AcceptsWith(Environment.GetEnvironmentVariable);

        /// <summary>True on CI, where a snapshot must already be committed and correct.</summary>
        public static bool IsCi => IsCiWith(Environment.GetEnvironmentVariable);

        /// <summary><see cref="Accept"/> for a given environment (tests pass their own instead of mutating the process's).</summary>
        public static bool AcceptsWith(Func<string, string?> environment) => IsSet(environment, AcceptVariable, "1") && !IsCiWith(environment);

        /// <summary><see cref="IsCi"/> for a given environment.</summary>
        public static bool IsCiWith(Func<string, string?> environment) =>
            IsSet(environment, "CI", "true") || IsSet(environment, "CI", "1") || IsSet(environment, "OHEM_CI", "1");

        private static bool IsSet(Func<string, string?> environment, string name, string value) =>
            string.Equals(environment(name)?.Trim(), value, StringComparison.OrdinalIgnoreCase);
    }
}
