using System;
using System.CommandLine;
using System.IO;
using System.Text.RegularExpressions;
using Ohem.Cli.Commands;

namespace Ohem.Cli
{
    /// <summary>Builds the command tree; every command writes to the writers it is given.</summary>
    internal static partial class CliApp
    {
        public static RootCommand Build(TextWriter stdout, TextWriter stderr)
        {
            var root = new RootCommand("ohem: emit, compile, evaluate and benchmark a fused OHEM cross-entropy spec (BiSeNet v1 OhemCELoss by default; --mode picks another public variant).");
            root.Subcommands.Add(EmitCommand.Create(stdout, stderr));
            root.Subcommands.Add(CompileCommand.Create(stdout, stderr));
            root.Subcommands.Add(EvalCommand.Create(stdout, stderr));
            root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
            return root;
        }

        /// <summary>Wraps a command body so that every failure becomes one line on stderr and an exit code.</summary>
        public static Func<ParseResult, int> Guard(TextWriter stderr, Func<ParseResult, int> body) => parse =>
        {
            try
            {
                return body(parse);
            }
            catch (CliException e)
            {
                stderr.WriteLine(ErrorLine(e.Message));
                return e.ExitCode;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or NotSupportedException or UnauthorizedAccessException or OutOfMemoryException or DllNotFoundException)
            {
                stderr.WriteLine(ErrorLine(e.Message));
                return Program.Failed;
            }
            catch (Exception e)
            {
                // Unexpected: still one line, with the type so that a bug report says what happened.
                stderr.WriteLine(ErrorLine(e.GetType().Name + ": " + e.Message));
                return Program.Failed;
            }
        };

        /// <summary>"ohem: " and the message folded onto one line.</summary>
        public static string ErrorLine(string message) => "ohem: " + Whitespace().Replace(message.Trim(), " ");

        [GeneratedRegex(@"\s*[\r\n]+\s*")]
        private static partial Regex Whitespace();
    }
}
