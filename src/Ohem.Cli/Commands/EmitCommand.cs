using System.CommandLine;
using System.IO;

namespace Ohem.Cli.Commands
{
    /// <summary><c>ohem emit</c>: the CUDA C of a spec, byte for byte what [OhemLoss] puts in CudaSource.</summary>
    internal static class EmitCommand
    {
        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            var command = new Command("emit", "Print the specialised CUDA C for a spec: byte for byte the CudaSource constant that [OhemLoss] generates for the same arguments.");
            var spec = new SpecOptions(fromFiles: false);
            spec.AddTo(command);
            command.SetAction(CliApp.Guard(stderr, parse =>
            {
                stdout.Write(OhemCudaEmitter.Emit(spec.Build(parse, stderr)));
                stdout.Flush();
                return Program.Ok;
            }));
            return command;
        }
    }
}
