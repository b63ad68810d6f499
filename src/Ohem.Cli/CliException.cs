using System;

namespace Ohem.Cli
{
    /// <summary>A problem the tool reports as one line on stderr with an exit code, never as a stack trace.</summary>
    internal sealed class CliException : Exception
    {
        public CliException(int exitCode, string message)
            : base(message)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }

        public static CliException Usage(string message) => new(Program.Usage, message);

        public static CliException Input(string message) => new(Program.Failed, message);
    }
}
