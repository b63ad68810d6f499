using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Ohem.Runtime.Tests.NumPy
{
    /// <summary>
    /// Runs /usr/bin/python3 with NumPy (the system python; a pyenv python3 on PATH may lack it). Tests that need it
    /// skip with the reason when it is missing, and fail instead when OHEM_REQUIRE_TORCH=1 (CI).
    /// </summary>
    internal static class NumpyProcess
    {
        public const string Python = "/usr/bin/python3";

        private static readonly Lazy<string?> Missing = new(Probe);

        public static bool Required => Environment.GetEnvironmentVariable("OHEM_REQUIRE_TORCH") == "1";

        /// <summary>Skips (or, when required, fails) when NumPy cannot be run.</summary>
        public static void SkipIfMissing()
        {
            if (Missing.Value is { } reason)
            {
                Assert.False(Required, "OHEM_REQUIRE_TORCH=1 but " + reason);
                Skip.If(true, reason);
            }
        }

        /// <summary>Runs a script with arguments; returns stdout; a non-zero exit fails the test with stderr.</summary>
        public static string Run(string script, params string[] args)
        {
            var info = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"python exited {process.ExitCode}: {stderr.Result}");
            return stdout;
        }

        private static string? Probe()
        {
            if (!File.Exists(Python))
            {
                return Python + " is missing, so NumPy round trips cannot be checked";
            }

            try
            {
                var info = new ProcessStartInfo(Python, "-c \"import numpy\"") { RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                string err = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? null : "NumPy is not importable by " + Python + ": " + err.Trim();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return Python + " cannot be started: " + e.Message;
            }
        }
    }
}
