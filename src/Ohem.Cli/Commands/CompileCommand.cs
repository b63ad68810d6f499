using System.CommandLine;
using System.IO;

namespace Ohem.Cli.Commands
{
    /// <summary><c>ohem compile</c>: compiles a spec's CUDA C with NVRTC and reports per-kernel resources.</summary>
    internal static class CompileCommand
    {
        public const string Unavailable = "NVRTC compile API not available in this build";

        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            var command = new Command("compile", "Compile a spec's CUDA C with NVRTC for an architecture and print, per kernel, registers, spills and shared memory; on failure print the compile log and exit non-zero.");
            var spec = new SpecOptions(fromFiles: false);
            spec.AddTo(command);
            var arch = new Option<string>("--arch") { Description = "Target architecture, e.g. sm_90.", DefaultValueFactory = _ => "sm_90" };
            command.Options.Add(arch);
            command.SetAction(CliApp.Guard(stderr, parse =>
            {
                _ = spec.Build(parse, stderr);
                throw CliException.Usage(Unavailable);
            }));
            return command;
        }
    }
}
