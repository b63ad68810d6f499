using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Ohem;
using Ohem.Cuda;

// One scenario per run; every line it prints is checked by FakeDriverTests against the fake driver's launch log.
if (args is ["per-image"])
{
    PerImageScenario.Run();
    return;
}

if (args is ["topk-modes"])
{
    TopKModesScenario.Run();
    return;
}

if (args is ["emulate", var which])
{
    Environment.ExitCode = EmulationScenario.Run(which) == 0 ? 0 : 1;
    return;
}

if (args is ["nhwc-alignment"])
{
    NhwcAlignmentScenario.Run();
    return;
}

var shape = new OhemShape(2, 19, 37, 61);
var logits = new float[shape.Logits];
var labels = new long[shape.Pixels];
for (int i = 0; i < labels.Length; i++) labels[i] = i % 7 == 0 ? 255 : i % 19;

Print("probe", CudaAvailability.Probe().Reason);
using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 19), cache: new OhemKernelCache(null)))
{
    Print("image", engine.Image.ArchitectureName);
    Print("result", Describe(engine.Forward<float, long>(logits, labels, shape)));
    var gradient = new float[shape.Logits];
    engine.Backward<float, long>(logits, labels, shape, gradient, 0.5f);
    Print("backward", "done");
}

var spec16 = new OhemSpec(nMin: 100, numClasses: 19, logits: OhemLogits.Float16, labels: OhemLabels.UInt8);
using (var engine = new CudaOhemEngine(spec16, cache: new OhemKernelCache(null)))
using (var context = new CudaPrimaryContext(0))
using (var x = new DeviceBuffer(context, shape.Logits * 2))
using (var y = new DeviceBuffer(context, shape.Pixels))
using (var g = new DeviceBuffer(context, shape.Logits * 2))
using (var up = new DeviceBuffer(context, 4))
{
    up.CopyFrom<float>(new[] { 3f });
    var xv = x.View(shape.Logits, OhemElementType.Float16);
    var yv = y.View(shape.Pixels, OhemElementType.UInt8);
    Print("views", $"logits={x.Address:x} labels={y.Address:x} grad={g.Address:x}");
    engine.EnqueueForward(xv, yv, shape, (IntPtr)0x77);
    Print("device-loss", $"{engine.LossOnDevice.Pointer - engine.StatePointer}");
    Print("result16", Describe(engine.ReadResult((IntPtr)0x77)));
    engine.Backward(xv, yv, shape, g.View(shape.Logits, OhemElementType.Float16), up.View(1, OhemElementType.Float32), (IntPtr)0x77);
    try
    {
        engine.Backward(xv, yv, new OhemShape(2, 19, 61, 37), g.View(shape.Logits, OhemElementType.Float16), 1f);
    }
    catch (InvalidOperationException e)
    {
        Print("mismatch", e.Message);
    }
}

// The other modes: NMin = 100000 is above N·H·W, an error only for BiSeNetV1; the decide kernel's last argument
// is 0 (BiSeNetV2 counts on the device), NMin (HRNet, PaddleSeg, and the later modes), NMin × N (MMSegSampler,
// MMSegByLoss) or N·H·W (TopKPercent).
foreach (var mode in new[]
{
    OhemMode.BiSeNetV2, OhemMode.HRNet, OhemMode.TopKPercent, OhemMode.MMSegSampler, OhemMode.PaddleSeg,
    OhemMode.MMSegByLoss, OhemMode.DeepLabTF, OhemMode.ModelGarden, OhemMode.TorchSeg, OhemMode.PytorchLossOhem,
})
{
    using var engine = new CudaOhemEngine(new OhemSpec(nMin: 100_000, numClasses: 19, mode: mode), cache: new OhemKernelCache(null));
    Print(OhemSpec.ModeName(mode), Describe(engine.Forward<float, long>(logits, labels, shape)));
}

// NHWC logits: the same launches and arguments (plane is still H·W; the NHWC text does not read it), its own module.
using (var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 19, layout: OhemLayout.NHWC), cache: new OhemKernelCache(null)))
{
    Print("nhwc", Describe(engine.Forward<float, long>(logits, labels, shape)));
    var gradient = new float[shape.Logits];
    engine.Backward<float, long>(logits, labels, shape, gradient, 0.5f);
}

// Class weights: BiSeNetV1 weights its keys (the usual seven launches); HRNet keeps the weighted losses after the
// keys (a loss buffer of 2·N·H·W floats) and sums them in a level-4 refine and select; TorchSeg keeps the weights
// there and adds a level-5 refine and select (Σ w, its divisor).
var weights19 = new double[19];
Array.Fill(weights19, 2.0);
foreach (var mode in new[] { OhemMode.BiSeNetV1, OhemMode.HRNet, OhemMode.TorchSeg })
{
    using var engine = new CudaOhemEngine(new OhemSpec(nMin: 100, numClasses: 19, mode: mode, classWeights: weights19), cache: new OhemKernelCache(null));
    Print(OhemSpec.ModeName(mode) + "-weights", Describe(engine.Forward<float, long>(logits, labels, shape)));
}

IntPtr fake = NativeLibrary.Load(Environment.GetEnvironmentVariable("OHEM_CUDA_LIBRARY")!);
unsafe
{
    var live = (delegate* unmanaged<long>)NativeLibrary.GetExport(fake, "fake_cuda_live_allocations");
    var refs = (delegate* unmanaged<int>)NativeLibrary.GetExport(fake, "fake_cuda_context_refs");
    Print("live", live().ToString(CultureInfo.InvariantCulture));
    Print("refs", refs().ToString(CultureInfo.InvariantCulture));
}

static void Print(string key, string value) => Console.WriteLine(key + ": " + value);

static string Describe(OhemResult r) => string.Create(CultureInfo.InvariantCulture, $"loss={r.Loss} kept={r.Kept} rule={r.Rule} threshold={r.Threshold} pixels={r.Pixels} valid={r.ValidPixels} backend={r.Backend}");
