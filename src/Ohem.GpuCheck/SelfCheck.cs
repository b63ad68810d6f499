using System;
using System.Globalization;
using System.Linq;
using Ohem.Cuda;

namespace Ohem.GpuCheck
{
    /// <summary>What can be checked without a GPU: NVRTC compiles the kernels cleanly, and the CPU backend runs.</summary>
    internal static class SelfCheck
    {
        public static int Run()
        {
            int failures = 0;
            var spec = new OhemSpec(numClasses: 19);
            if (OhemCompiler.IsAvailable(out string reason))
            {
                foreach (string arch in new[] { "sm_70", "sm_80", "sm_90" })
                {
                    var module = OhemCompiler.Compile(spec, arch);
                    bool clean = module.Warnings.Count == 0 && module.Kernels.Count == spec.KernelNames.All.Length;
                    foreach (var k in module.Kernels)
                    {
                        clean &= k.SpillStoreBytes == 0 && k.SpillLoadBytes == 0;
                    }

                    Console.WriteLine($"NVRTC {OhemCompiler.NvrtcVersionText} {arch}: {module.Image.Length} bytes cubin, {module.Kernels.Count} kernels, {(clean ? "no spills, no warnings" : "PROBLEM")} ({module.Origin})");
                    failures += clean ? 0 : 1;
                }
            }
            else
            {
                Console.WriteLine("NVRTC not available (the GPU check will need it): " + reason);
            }

            if (OhemCompiler.IsAvailable(out _))
            {
                // The GPU check's mode matrix: every spec valid and compiling cleanly, so a device run cannot fail on that.
                int specs = 0;
                foreach ((string name, OhemSpec matrixSpec) in ModeCheck.Specs().Concat(RowWordCheck.Specs()))
                {
                    var module = OhemCompiler.Compile(matrixSpec.EnsureValid(), "sm_90");
                    bool clean = module.Warnings.Count == 0;
                    foreach (var k in module.Kernels)
                    {
                        clean &= k.SpillStoreBytes == 0 && k.SpillLoadBytes == 0;
                    }

                    if (!clean)
                    {
                        Console.WriteLine($"mode matrix spec '{name}' ({matrixSpec.Key}): PROBLEM (warnings or spills on sm_90)");
                        failures++;
                    }

                    specs++;
                }

                Console.WriteLine($"mode matrix: {specs} specs compile for sm_90 with no warnings and no spills");
            }

            var shape = new OhemShape(2, 19, 64, 96);
            var batch = new Batch(shape, spec.IgnoreLabel, 1);
            using var cpu = new Cpu.CpuOhemEngine(new OhemSpec(nMin: 1000, numClasses: 19));
            var result = cpu.Forward<float, long>(batch.Logits, batch.Labels, shape);
            var grad = new float[shape.Logits];
            cpu.Backward<float, long>(batch.Logits, batch.Labels, shape, grad);
            Console.WriteLine($"CPU backend {shape}: loss {result.Loss.ToString("R", CultureInfo.InvariantCulture)}, {result.Rule}, kept {result.Kept} of {result.Pixels}");
            var probe = CudaAvailability.Probe();
            Console.WriteLine(probe.IsAvailable ? "CUDA: " + probe.Reason : "CUDA: not available here: " + probe.Reason);
            Console.WriteLine(failures == 0 ? "self-check ok" : "self-check FAILED");
            return failures == 0 ? 0 : 1;
        }

        public static int PrintKernels(string arch, int classes)
        {
            var spec = new OhemSpec(numClasses: classes);
            var module = OhemCompiler.Compile(spec, arch);
            Console.WriteLine($"spec {spec.Key}, {module.ArchitectureName}, NVRTC {OhemCompiler.NvrtcVersionText}, {module.Image.Length} bytes");
            Console.WriteLine($"{"kernel",-36} {"regs",5} {"spill st",9} {"spill ld",9} {"smem",7} {"stack",6}");
            foreach (var k in module.Kernels)
            {
                Console.WriteLine($"{k.Name,-36} {k.Registers,5} {k.SpillStoreBytes,9} {k.SpillLoadBytes,9} {k.SharedMemoryBytes,7} {k.StackFrameBytes,6}");
            }

            foreach (string w in module.Warnings)
            {
                Console.WriteLine("warning: " + w);
            }

            return 0;
        }
    }
}
