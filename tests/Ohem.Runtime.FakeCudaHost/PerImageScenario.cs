using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Ohem;
using Ohem.Cuda;

/// <summary>The per-image launch sequence (Scope = PerImage and PaddleSegBootstrapped), checked by FakeDriverTests.PerImage.</summary>
internal static class PerImageScenario
{
    public static void Run()
    {
        var shape = new OhemShape(3, 19, 37, 61);
        var logits = new float[shape.Logits];
        var labels = new long[shape.Pixels];
        for (int i = 0; i < labels.Length; i++) labels[i] = i % 7 == 0 ? 255 : i % 19;

        using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 19, scope: OhemScope.PerImage), cache: new OhemKernelCache(null)))
        {
            Print("per-image", Describe(engine.Forward<float, long>(logits, labels, shape)));
            Print("state", $"{engine.StatePointer:x}");
            engine.Backward<float, long>(logits, labels, shape, new float[shape.Logits], 0.5f);
        }

        // NMin = 2257 is below N·H·W = 6771 but not below one image's H·W = 2257.
        using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 2257, numClasses: 19, scope: OhemScope.PerImage), cache: new OhemKernelCache(null)))
        {
            try
            {
                engine.Forward<float, long>(logits, labels, shape);
            }
            catch (ArgumentOutOfRangeException e)
            {
                Print("nmin", e.ParamName + " " + e.Message.Split('\n')[0].Split(" (Parameter")[0]);
            }
        }

        using (var engine = new CudaOhemEngine(new OhemSpec(0.3, 100, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped), cache: new OhemKernelCache(null)))
        {
            Print("bootstrapped", Describe(engine.Forward<float, long>(logits, labels, shape)));
        }

        // HRNet per image with NMinPolicy = Throw: every fake image has 4000 valid pixels, so NMin = 4000 throws on the
        // host, naming the image the combine recorded (the first with the fewest valid pixels).
        using (var engine = new CudaOhemEngine(new OhemSpec(0.7, 4000, numClasses: 19, mode: OhemMode.HRNet, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), cache: new OhemKernelCache(null)))
        {
            try
            {
                engine.Forward<float, long>(logits, labels, shape);
                Print("nmin-throw", "none");
            }
            catch (ArgumentOutOfRangeException e)
            {
                Print("nmin-throw", e.ParamName + " " + e.Message.Split('\n')[0].Split(" (Parameter")[0]);
            }
        }

        // TorchSeg per image with NMinPolicy = Throw: more than an image's 4000 valid pixels throws, naming the image the
        // combine recorded (the later modes' Throw compares "more than", so 4000 itself would not).
        using (var engine = new CudaOhemEngine(new OhemSpec(0.7, 4001, numClasses: 19, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), cache: new OhemKernelCache(null)))
        {
            try
            {
                engine.Forward<float, long>(logits, labels, shape);
                Print("later-nmin-throw", "none");
            }
            catch (ArgumentOutOfRangeException e)
            {
                Print("later-nmin-throw", e.ParamName + " " + e.Message.Split('\n')[0].Split(" (Parameter")[0]);
            }
        }

        IntPtr fake = NativeLibrary.Load(Environment.GetEnvironmentVariable("OHEM_CUDA_LIBRARY")!);
        unsafe
        {
            var live = (delegate* unmanaged<long>)NativeLibrary.GetExport(fake, "fake_cuda_live_allocations");
            var refs = (delegate* unmanaged<int>)NativeLibrary.GetExport(fake, "fake_cuda_context_refs");
            Print("live", live().ToString(CultureInfo.InvariantCulture));
            Print("refs", refs().ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Print(string key, string value) => Console.WriteLine(key + ": " + value);

    private static string Describe(OhemResult r) => string.Create(CultureInfo.InvariantCulture, $"loss={r.Loss} kept={r.Kept} rule={r.Rule} threshold={r.Threshold} pixels={r.Pixels} valid={r.ValidPixels} backend={r.Backend}");
}
