using System.Globalization;
using Ohem;
using Ohem.Cuda;

/// <summary>PaddleSegTopK (per batch) and DeepLab2 (always per image) launch sequences, checked by FakeDriverTests.TopKModes.</summary>
internal static class TopKModesScenario
{
    public static void Run()
    {
        var shape = new OhemShape(3, 19, 37, 61);
        var logits = new float[shape.Logits];
        var labels = new long[shape.Pixels];
        for (int i = 0; i < labels.Length; i++) labels[i] = i % 7 == 0 ? 255 : i % 19;

        using (var engine = new CudaOhemEngine(new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK, fraction: 0.2), cache: new OhemKernelCache(null)))
        {
            Print("paddleseg-topk", Describe(engine.Forward<float, long>(logits, labels, shape)));
            engine.Backward<float, long>(logits, labels, shape, new float[shape.Logits], 0.5f);
        }

        using (var engine = new CudaOhemEngine(new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, fraction: 0.2), cache: new OhemKernelCache(null)))
        {
            Print("deeplab2", Describe(engine.Forward<float, long>(logits, labels, shape)));
            Print("combine", engine.Spec.KernelNames.HasCombine ? "yes" : "no");
            engine.Backward<float, long>(logits, labels, shape, new float[shape.Logits], 0.5f);
        }
    }

    private static void Print(string key, string value) => System.Console.WriteLine(key + ": " + value);

    private static string Describe(OhemResult r) => string.Create(CultureInfo.InvariantCulture, $"loss={r.Loss} kept={r.Kept} rule={r.Rule} threshold={r.Threshold} pixels={r.Pixels} valid={r.ValidPixels} backend={r.Backend}");
}
