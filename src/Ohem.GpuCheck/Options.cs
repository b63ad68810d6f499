using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Ohem.GpuCheck
{
    /// <summary>Command-line options.</summary>
    internal sealed class Options
    {
        public const string Usage = """
ohem-gpucheck: checks the Ohem CUDA backend on this machine's GPU against the CPU backend and PyTorch's seed,
and times it. Needs an NVIDIA driver, NVRTC (libnvrtc.so.13/.12/.11.2, or OHEM_NVRTC_LIBRARY), and for the
PyTorch columns python3 with torch (CUDA). No .NET needed: this binary is self-contained.

Usage: ohem-gpucheck [options]
  (no option)        the full check: float32 and float16, 8x19x512x1024 and 16x19x1024x2048, then the mode
                     matrix (every mode, NHWC, class weights, per image, knobs) against the CPU engine
  --quick            small shapes only (2x19x256x512), a smoke test
  --self-check       no GPU needed: compiles the kernels with NVRTC and runs the CPU backend
  --kernels ARCH     compiles the 19-class spec for ARCH (e.g. sm_90) and prints registers/spills
  --classes N        with --kernels: NumClasses of the spec (0 = given at run time; default 19)
  --python PATH      the Python with torch (default: python3)
  --script PATH      scripts/seed_bench.py (default: next to this binary, then ./scripts/)
  --no-torch         skip the PyTorch columns
  --nmin N           NMin of the timed spec (default 100000; a value above the pixels over the threshold runs
                     the top-n_min selection, e.g. --quick --nmin 200000)
  --thresh T         Thresh of the timed spec (default 0.7)
  --iterations N     timed iterations per measurement (default 20; 3 warm-up runs first)
  --device N         CUDA device ordinal (default 0)
  --work DIR         where the .npy exchange files go (default: a temporary directory)
  --help             this text
Exit codes: 0 all checks passed, 1 a result differed, 2 the environment lacks something (message on stderr).
""";

        public bool Help { get; private set; }

        public bool Quick { get; private set; }

        public bool SelfCheck { get; private set; }

        public string? KernelsArch { get; private set; }

        public string Python { get; private set; } = "python3";

        public string? Script { get; private set; }

        public bool NoTorch { get; private set; }

        public int Iterations { get; private set; } = 20;

        public long NMin { get; private set; } = OhemLossDefaults.NMin;

        public double Thresh { get; private set; } = OhemLossDefaults.Thresh;

        public int Device { get; private set; }

        public int Classes { get; private set; } = 19;

        public string? Work { get; private set; }

        public static Options Parse(string[] args)
        {
            var o = new Options();
            var queue = new Queue<string>(args);
            while (queue.Count > 0)
            {
                string a = queue.Dequeue();
                switch (a)
                {
                    case "--help" or "-h": o.Help = true; break;
                    case "--quick": o.Quick = true; break;
                    case "--self-check": o.SelfCheck = true; break;
                    case "--no-torch": o.NoTorch = true; break;
                    case "--kernels": o.KernelsArch = Value(queue, a); break;
                    case "--python": o.Python = Value(queue, a); break;
                    case "--script": o.Script = Value(queue, a); break;
                    case "--work": o.Work = Value(queue, a); break;
                    case "--iterations": o.Iterations = Int(Value(queue, a), a); break;
                    case "--device": o.Device = Int(Value(queue, a), a); break;
                    case "--classes": o.Classes = Int(Value(queue, a), a); break;
                    case "--nmin": o.NMin = Int(Value(queue, a), a); break;
                    case "--thresh": o.Thresh = double.Parse(Value(queue, a), System.Globalization.CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option '{a}'. See --help.");
                }
            }

            return o;
        }

        public string ResolveScript()
        {
            if (Script is not null)
            {
                return Script;
            }

            foreach (string candidate in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "seed_bench.py"),
                Path.Combine(AppContext.BaseDirectory, "scripts", "seed_bench.py"),
                Path.Combine(Directory.GetCurrentDirectory(), "scripts", "seed_bench.py"),
            })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("scripts/seed_bench.py not found next to the binary or under ./scripts; pass --script PATH or --no-torch.");
        }

        private static string Value(Queue<string> queue, string option) =>
            queue.Count > 0 ? queue.Dequeue() : throw new ArgumentException($"{option} needs a value. See --help.");

        private static int Int(string text, string option) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 || (option is "--device" or "--classes" && text == "0")
                ? int.Parse(text, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"{option} expects a positive integer, got '{text}'.");
    }
}
