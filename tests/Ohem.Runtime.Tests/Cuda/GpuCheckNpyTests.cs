using System;
using System.Diagnostics;
using System.IO;
using Ohem.GpuCheck;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The GPU check's .npy files must load in NumPy exactly (shape, dtype, values), or the seed comparison is meaningless.</summary>
    public sealed class GpuCheckNpyTests : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("ohem-npy-").FullName;

        public void Dispose() => Directory.Delete(directory, recursive: true);

        [SkippableFact]
        public void NumPyReadsTheFloat32Float16AndInt64FilesExactly()
        {
            string x = Path.Combine(directory, "x.npy"), h = Path.Combine(directory, "h.npy"), y = Path.Combine(directory, "y.npy");
            var floats = new float[2 * 3 * 4 * 5];
            for (int i = 0; i < floats.Length; i++) floats[i] = (i * 0.37f) - 7.5f;
            var halves = Array.ConvertAll(floats, v => (Half)v);
            var labels = new long[2 * 4 * 5];
            for (int i = 0; i < labels.Length; i++) labels[i] = i % 3 == 0 ? 255 : i % 19;
            Npy.Write<float>(x, floats, "<f4", 2, 3, 4, 5);
            Npy.Write<Half>(h, halves, "<f2", 2, 3, 4, 5);
            Npy.Write<long>(y, labels, "<i8", 2, 4, 5);

            string script =
                "import numpy as np, sys\n"
                + "x, h, y = (np.load(p) for p in sys.argv[1:4])\n"
                + "print(x.dtype, x.shape, repr(float(x[1, 2, 3, 4])), h.dtype, h.shape, repr(float(h[0, 1, 2, 3])), y.dtype, y.shape, int(y[1, 3, 4]), int(y.sum()))\n";
            string output = RunPython(script, x, h, y);

            long sum = 0;
            foreach (long v in labels) sum += v;
            string expected = $"float32 (2, 3, 4, 5) {R(floats[119])} float16 (2, 3, 4, 5) {R((float)halves[33])} int64 (2, 4, 5) {labels[39]} {sum}";
            Assert.Equal(expected, output.Trim());
            Assert.Equal(floats, Npy.ReadFloat32(x));
        }

        private static string R(float v) => ((double)v).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        private static string RunPython(string script, params string[] args)
        {
            const string python = "/usr/bin/python3";
            bool required = CudaTestEnvironment.Required("OHEM_REQUIRE_TORCH");
            if (!File.Exists(python))
            {
                Assert.False(required, "OHEM_REQUIRE_TORCH=1 but /usr/bin/python3 is missing.");
                Skip.If(true, "/usr/bin/python3 is missing.");
            }

            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            foreach (string a in args) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0 && error.Contains("No module named 'numpy'", StringComparison.Ordinal))
            {
                Assert.False(required, "OHEM_REQUIRE_TORCH=1 but numpy is missing.");
                Skip.If(true, "numpy is missing.");
            }

            Assert.True(p.ExitCode == 0, error);
            return output;
        }
    }
}
