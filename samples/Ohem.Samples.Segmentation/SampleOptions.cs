using System;
using System.Globalization;

namespace Ohem.Samples.Segmentation
{
    /// <summary>The sample's few options (a hand-written parser: the sample shows the loss, not a CLI library).</summary>
    internal sealed record SampleOptions
    {
        public int Size { get; init; } = 64;
        public int Epochs { get; init; } = 16;
        public int Train { get; init; } = 96;
        public int Validation { get; init; } = 32;
        public int Batch { get; init; } = 8;
        public float LearningRate { get; init; } = 0.01f;
        public OhemBackend Backend { get; init; } = OhemBackend.Auto;
        public int Seed { get; init; } = 1;
        public string Output { get; init; } = System.IO.Path.Combine("out", "segmentation");

        public const string Usage =
            "Usage: dotnet run -c Release --project samples/Ohem.Samples.Segmentation -- [options]\n"
            + "  --size N        scene side in pixels (default 64; batch·N² must exceed the loss's NMin = 2048)\n"
            + "  --epochs N      epochs per run (default 16)\n"
            + "  --train N       training scenes (default 96, a multiple of --batch)\n"
            + "  --validation N  validation scenes (default 32)\n"
            + "  --batch N       scenes per batch (default 8)\n"
            + "  --lr X          Adam learning rate (default 0.01)\n"
            + "  --backend B     auto | cpu | cuda (default auto: CUDA when present)\n"
            + "  --seed N        data and initialisation seed (default 1)\n"
            + "  --out DIR       where pictures and plots go (default out/segmentation)";

        public static SampleOptions Parse(string[] args)
        {
            var options = new SampleOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (name is "-h" or "--help")
                {
                    throw new HelpRequested();
                }

                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                string value = args[++i];
                options = name switch
                {
                    "--size" => options with { Size = Int(name, value, 8) },
                    "--epochs" => options with { Epochs = Int(name, value, 1) },
                    "--train" => options with { Train = Int(name, value, 1) },
                    "--validation" => options with { Validation = Int(name, value, 1) },
                    "--batch" => options with { Batch = Int(name, value, 1) },
                    "--lr" => options with { LearningRate = float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float lr) && lr > 0 ? lr : throw new ArgumentException($"--lr is '{value}', but a positive number was expected.") },
                    "--backend" => options with { Backend = value switch { "auto" => OhemBackend.Auto, "cpu" => OhemBackend.Cpu, "cuda" => OhemBackend.Cuda, _ => throw new ArgumentException($"--backend is '{value}', but auto, cpu or cuda was expected.") } },
                    "--seed" => options with { Seed = Int(name, value, 0) },
                    "--out" => options with { Output = value },
                    _ => throw new ArgumentException($"Unknown option '{name}'."),
                };
            }

            if (options.Train % options.Batch != 0)
            {
                throw new ArgumentException($"--train is {options.Train}, but it must be a multiple of --batch {options.Batch} (every batch has the same pixel count).");
            }

            if ((long)options.Batch * options.Size * options.Size <= SceneLoss.NMin)
            {
                throw new ArgumentException($"A batch has {options.Batch}×{options.Size}×{options.Size} pixels, but the loss keeps at least NMin = {SceneLoss.NMin}: use a larger --size or --batch.");
            }

            return options;
        }

        private static int Int(string name, string value, int least) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= least
                ? n
                : throw new ArgumentException($"{name} is '{value}', but an integer ≥ {least} was expected.");

        public sealed class HelpRequested : Exception
        {
        }
    }
}
