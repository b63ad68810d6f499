using System;
using System.Diagnostics;
using System.IO;

namespace Ohem.Runtime.Tests.Support
{
    /// <summary>
    /// Runs tests/oracle/ohem_oracle.py (the seed's OhemCELoss) with Debian's /usr/bin/python3, which has torch; the
    /// python3 on PATH may not. Tests skip when torch cannot be imported, and fail instead when OHEM_REQUIRE_TORCH=1.
    /// </summary>
    public static class TorchOracle
    {
        /// <summary>Debian's python3 (python3-torch); OHEM_TORCH_PYTHON overrides it (e.g. to see the skip path).</summary>
        public static readonly string Python = Environment.GetEnvironmentVariable("OHEM_TORCH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

        private static readonly Lazy<string?> Unavailable = new(Probe);

        public static string Script => Path.Combine(AppContext.BaseDirectory, "oracle", "ohem_oracle.py");

        /// <summary>True when CI demands the torch parity tests run.</summary>
        public static bool Required => Environment.GetEnvironmentVariable("OHEM_REQUIRE_TORCH") == "1";

        /// <summary>Null when torch imports; otherwise why not.</summary>
        public static string? WhyUnavailable => Unavailable.Value;

        /// <summary>Runs the oracle on a manifest; throws with its stderr on failure.</summary>
        public static void Run(string manifest, TimeSpan timeout)
        {
            (int code, string output, string error) = Execute(timeout, Script, manifest);
            if (code != 0)
            {
                throw new InvalidOperationException($"{Python} {Script} {manifest} exited with {code}:\n{output}\n{error}");
            }
        }

        private static string? Probe()
        {
            if (!File.Exists(Python))
            {
                return $"{Python} does not exist (Debian's python3 with python3-torch is needed for the PyTorch parity tests).";
            }

            try
            {
                (int code, string output, string error) = Execute(TimeSpan.FromMinutes(2), Script, "--probe");
                return code == 0 && output.StartsWith("torch", StringComparison.Ordinal)
                    ? null
                    : $"{Python} cannot import torch (apt-get install python3-torch): {error.Trim()}";
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
            {
                return $"{Python} could not be run: {ex.Message}";
            }
        }

        private static (int Code, string Output, string Error) Execute(TimeSpan timeout, params string[] args)
        {
            var info = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Python} {string.Join(' ', args)} ran longer than {timeout}.");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
