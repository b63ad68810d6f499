using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Ohem;
using Ohem.GpuCheck;

/// <summary>
/// The GPU check's mode matrix and NHWC word-load check with the fake driver in emulation mode: every kernel runs on
/// the CPU (emu/), through the real engine's launch sequence, against the CPU engine. Checked by
/// FakeDriverTests.Emulation. The driver compiles each spec's CUDA C, which it finds by the hash in the kernel names.
/// </summary>
internal static class EmulationScenario
{
    public static int Run(string which)
    {
        string directory = Environment.GetEnvironmentVariable("OHEM_FAKE_CUDA_EMULATE")
            ?? throw new InvalidOperationException("OHEM_FAKE_CUDA_EMULATE is not set.");
        if (which == "cases")
        {
            return RunGpuCases(directory);
        }

        var specs = (which switch
        {
            "matrix" => ModeCheck.Specs(),
            "words" => RowWordCheck.Specs(),
            "sabotaged" => ModeCheck.Specs().Where(s => s.Name is "bisenet-v1 nmin=1000" or "bisenet-v1 nmin=100000"),
            _ => throw new ArgumentException("Expected matrix, words or sabotaged.", nameof(which)),
        }).ToList();
        Console.WriteLine($"emulated specs: {specs.Count}");
        foreach (var (_, spec) in specs)
        {
            string name = spec.KernelNames.Forward;
            string source = ForTheEmulator(OhemCudaEmitter.Emit(spec));
            File.WriteAllText(Path.Combine(directory, name[(name.LastIndexOf('_') + 1)..] + ".cu"), which == "sabotaged" ? Sabotage(source) : source);
        }

        return which == "words" ? RowWordCheck.Run(0) : ModeCheck.Run(0, specs);
    }

    /// <summary>
    /// CudaEngineTests.ForwardAndBackwardEqualTheCpuEngine, every spec and input of GpuCases: one line per case, "ok" or
    /// what differs. Returns the number of cases that differ or fail.
    /// </summary>
    private static int RunGpuCases(string directory)
    {
        int failures = 0, cases = 0;
        foreach (string name in Ohem.Runtime.Tests.Cuda.GpuCases.Specs)
        {
            foreach (string input in Ohem.Runtime.Tests.Cuda.GpuCases.Inputs)
            {
                cases++;
                var probe = Ohem.Runtime.Tests.Cuda.GpuCases.Spec(name, 1);
                var (x, y, shape, nMin) = Ohem.Runtime.Tests.Cuda.GpuCases.Make(input, probe, seed: name.Length * 31 + input.Length);
                var spec = Ohem.Runtime.Tests.Cuda.GpuCases.Spec(name, nMin);
                string kernel = spec.KernelNames.Forward;
                File.WriteAllText(Path.Combine(directory, kernel[(kernel.LastIndexOf('_') + 1)..] + ".cu"), ForTheEmulator(OhemCudaEmitter.Emit(spec)));
                string? difference;
                try
                {
                    using var cpu = new Ohem.Cpu.CpuOhemEngine(spec);
                    using var gpu = new Ohem.Cuda.CudaOhemEngine(spec);
                    var (expected, expectedGrad) = Ohem.Runtime.Tests.Cuda.EngineComparison.Run(cpu, spec, x, y, shape, 0.5f);
                    var (actual, actualGrad) = Ohem.Runtime.Tests.Cuda.EngineComparison.Run(gpu, spec, x, y, shape, 0.5f);
                    difference = Ohem.Runtime.Tests.Cuda.EngineComparison.Difference(expected, expectedGrad, actual, actualGrad);
                }
                catch (Exception e)
                {
                    difference = "FAILED: " + e.GetType().Name + ": " + e.Message;
                }

                failures += difference is null ? 0 : 1;
                Console.WriteLine($"case {name} {input}: {difference ?? "ok"}");
            }
        }

        Console.WriteLine($"emulated specs: {cases}");
        Console.WriteLine(failures == 0 ? "gpu cases: every case matches the CPU engine" : $"gpu cases: {failures} case(s) differ");
        return failures;
    }

    /// <summary>One wrong comparison in the refine kernel (a radix digit read one bin high): the emulation tests must see it.</summary>
    private static string Sabotage(string source)
    {
        const string line = "const u32 high = key >> shift;";
        if (!source.Contains(line, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The refine kernel no longer has the line the sabotage changes: " + line);
        }

        return source.Replace(line, "const u32 high = (key >> shift) + 1u;", StringComparison.Ordinal);
    }

    /// <summary>The text with its inline PTX (the float16 conversions) replaced by the emulator's C equivalents.</summary>
    private static string ForTheEmulator(string source)
    {
        string result = source
            .Replace("asm(\"cvt.f32.f16 %0, %1;\" : \"=f\"(f) : \"h\"(h));", "f = emu_f16_to_f32(h);", StringComparison.Ordinal)
            .Replace("asm(\"cvt.rn.f16.f32 %0, %1;\" : \"=h\"(h) : \"f\"(v));", "h = emu_f32_to_f16(v);", StringComparison.Ordinal);
        if (result.Contains("asm(", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The emitted text has inline PTX the emulator does not know: " + result[result.IndexOf("asm(", StringComparison.Ordinal)..].Split('\n')[0]);
        }

        return result;
    }
}
