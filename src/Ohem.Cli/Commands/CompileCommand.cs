using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Ohem.Cuda;

namespace Ohem.Cli.Commands
{
    /// <summary><c>ohem compile</c>: compiles a spec's CUDA C with NVRTC and reports per-kernel resources.</summary>
    internal static class CompileCommand
    {
        private const string Help =
            "Compile a spec's CUDA C with NVRTC (no GPU needed) and print, per kernel, registers, spills, shared memory and stack. "
            + "On a compile failure the whole NVRTC log goes to stderr and the exit code is 1. "
            + "Results are cached in memory and on disk (the origin column of the header says which).";

        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            var command = new Command("compile", Help);
            var spec = new SpecOptions(fromFiles: false);
            spec.AddTo(command);
            var arch = new Option<string>("--arch") { Description = "Target architecture: sm_90, compute_90 or 90.", DefaultValueFactory = _ => "sm_90" };
            var target = new Option<string>("--target") { Description = "cubin (registers and spills are reported) or ptx.", DefaultValueFactory = _ => "cubin" };
            target.AcceptOnlyFromAmong("cubin", "ptx");
            var source = new Option<string?>("--source") { Description = "Compile this CUDA C file instead of the spec's emitted source (e.g. an edited kernel)." };
            var log = new Option<bool>("--log") { Description = "Also print the whole NVRTC log on success." };
            command.Options.Add(arch);
            command.Options.Add(target);
            command.Options.Add(source);
            command.Options.Add(log);
            command.SetAction(CliApp.Guard(stderr, parse =>
            {
                var ohemSpec = spec.Build(parse, stderr);
                string? text = null;
                if (parse.GetValue(source) is { } path)
                {
                    text = File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"{path}: no such file.", path);
                }

                var kind = parse.GetValue(target) == "ptx" ? OhemCompileTarget.Ptx : OhemCompileTarget.Cubin;
                OhemCompiledModule module;
                try
                {
                    module = OhemCompiler.Compile(ohemSpec, parse.GetValue(arch) ?? "sm_90", kind, text);
                }
                catch (NvrtcCompilationException e)
                {
                    stderr.WriteLine(e.Log.TrimEnd());
                    throw CliException.Input($"NVRTC could not compile the CUDA C of spec '{e.SpecKey}' for {e.Architecture} (the log is above).");
                }
                catch (ArgumentException e) when (e.ParamName == "architecture")
                {
                    throw CliException.Usage(e.Message.Replace(" (Parameter 'architecture')", "", StringComparison.Ordinal));
                }

                Report(stdout, ohemSpec, module, parse.GetValue(log));
                return Program.Ok;
            }));
            return command;
        }

        private static void Report(TextWriter stdout, OhemSpec spec, OhemCompiledModule module, bool withLog)
        {
            string origin = module.Origin switch
            {
                OhemImageOrigin.Memory => "memory cache",
                OhemImageOrigin.Disk => "disk cache",
                _ => "compiled",
            };
            stdout.WriteLine($"spec {spec.Key}");
            stdout.WriteLine(Invariant($"{module.ArchitectureName} {(module.Target == OhemCompileTarget.Cubin ? "cubin" : "ptx")}, NVRTC {OhemCompiler.NvrtcVersionText}, {module.Image.Length} bytes, {origin}"));
            if (module.Target == OhemCompileTarget.Cubin)
            {
                int width = 6;
                foreach (var k in module.Kernels)
                {
                    width = Math.Max(width, k.Name.Length);
                }

                stdout.WriteLine($"{"kernel".PadRight(width)}  registers  spill-stores  spill-loads  shared-bytes  stack-bytes");
                // Launch order (the spec's kernel list), not ptxas's.
                var order = new System.Collections.Generic.List<string>(spec.KernelNames.All);
                var kernels = new System.Collections.Generic.List<OhemKernelInfo>(module.Kernels);
                kernels.Sort((a, b) => Rank(order, a.Name).CompareTo(Rank(order, b.Name)));
                foreach (var k in kernels)
                {
                    stdout.WriteLine(Invariant($"{k.Name.PadRight(width)}  {k.Registers,9}  {k.SpillStoreBytes,12}  {k.SpillLoadBytes,11}  {k.SharedMemoryBytes,12}  {k.StackFrameBytes,11}"));
                }
            }
            else
            {
                stdout.WriteLine("PTX has no register allocation yet: use --target cubin for registers and spills.");
            }

            foreach (var warning in module.Warnings)
            {
                stdout.WriteLine("warning: " + warning);
            }

            if (withLog && module.Log.Length > 0)
            {
                stdout.WriteLine(module.Log.TrimEnd());
            }

            stdout.Flush();
        }

        private static int Rank(System.Collections.Generic.List<string> order, string name)
        {
            int i = order.IndexOf(name);
            return i < 0 ? int.MaxValue : i;
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
