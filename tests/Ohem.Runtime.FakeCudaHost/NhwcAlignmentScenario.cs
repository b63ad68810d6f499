using System;
using System.Globalization;
using Ohem;
using Ohem.Cuda;

/// <summary>
/// NHWC logits read in 16-byte words (C = 20 float32): an aligned view runs, a view 4 bytes into an allocation is
/// refused before any launch; the NCHW text and the NHWC C = 19 text (read element by element) take the same view.
/// Checked by FakeDriverTests.Alignment.
/// </summary>
internal static class NhwcAlignmentScenario
{
    public static void Run()
    {
        var shape = new OhemShape(2, 20, 37, 61);
        using var context = new CudaPrimaryContext(0);
        using var x = new DeviceBuffer(context, (shape.Logits + 4) * 4);
        using var y = new DeviceBuffer(context, shape.Pixels * 8);
        var yv = y.View(shape.Pixels, OhemElementType.Int64);
        var aligned = new OhemDeviceView((IntPtr)(long)x.Address, shape.Logits, OhemElementType.Float32);
        var inside = new OhemDeviceView((IntPtr)(long)(x.Address + 4), shape.Logits, OhemElementType.Float32);
        Print("base-aligned", (x.Address % 16 == 0).ToString());
        using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 20, layout: OhemLayout.NHWC), cache: new OhemKernelCache(null)))
        {
            engine.EnqueueForward(aligned, yv, shape);
            Print("aligned", "ran");
            try
            {
                engine.EnqueueForward(inside, yv, shape);
                Print("misaligned", "ran");
            }
            catch (ArgumentException e)
            {
                Print("misaligned", e.ParamName + " | " + e.Message);
            }
        }

        using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 20), cache: new OhemKernelCache(null)))
        {
            engine.EnqueueForward(inside, yv, shape);
            Print("nchw-inside", "ran");
        }

        var shape19 = new OhemShape(2, 19, 37, 61);
        using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 19, layout: OhemLayout.NHWC), cache: new OhemKernelCache(null)))
        {
            engine.EnqueueForward(new OhemDeviceView((IntPtr)(long)(x.Address + 4), shape19.Logits, OhemElementType.Float32), y.View(shape19.Pixels, OhemElementType.Int64), shape19);
            Print("nhwc19-inside", "ran");
        }
    }

    private static void Print(string key, string value) => Console.WriteLine(key + ": " + value);
}
