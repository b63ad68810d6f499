using System;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace Ohem.Cli
{
    /// <summary>The <c>ohem</c> tool's entry points.</summary>
    public static class Program
    {
        /// <summary>Exit code of a command that succeeded.</summary>
        public const int Ok = 0;

        /// <summary>Exit code of bad input data (a file, a shape, a label) or a failed run.</summary>
        public const int Failed = 1;

        /// <summary>Exit code of a bad command line (unknown option, bad number, invalid spec) or an unavailable command.</summary>
        public const int Usage = 2;

        /// <summary>Process entry point.</summary>
        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        /// <summary>
        /// Runs one command line in-process, writing results to <paramref name="stdout"/> and one line per problem to
        /// <paramref name="stderr"/>; returns the exit code. Nothing is written to the console directly, so tests can
        /// call this.
        /// </summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(stdout);
            ArgumentNullException.ThrowIfNull(stderr);
            var root = CliApp.Build(stdout, stderr);
            var parse = root.Parse(args);
            bool errorsCleared = parse.Action is { ClearsParseErrors: true };
            if (parse.Errors.Count > 0 && !errorsCleared)
            {
                // A mistyped command also leaves "command not provided"; the unmatched token says more.
                var error = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal))) ?? parse.Errors[0];
                stderr.WriteLine(CliApp.ErrorLine(error.Message));
                return Usage;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
    }
}
