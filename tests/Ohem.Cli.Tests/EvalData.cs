using System;
using System.IO;
using Ohem.NumPy;

namespace Ohem.Cli.Tests
{
    /// <summary>A temp folder of .npy inputs: seeded random logits and labels with some ignored pixels.</summary>
    internal sealed class EvalData : IDisposable
    {
        public EvalData(int n = 2, int c = 4, int h = 8, int w = 8, int seed = 7)
        {
            Directory.CreateDirectory(Dir);
            Shape = new OhemShape(n, c, h, w);
            var random = new Random(seed);
            Logits = new float[Shape.Logits];
            for (int i = 0; i < Logits.Length; i++)
            {
                Logits[i] = (random.NextSingle() * 6f) - 3f;
            }

            Labels = new long[Shape.Pixels];
            for (int i = 0; i < Labels.Length; i++)
            {
                Labels[i] = random.Next(8) == 0 ? 255 : random.Next(c);
            }

            LogitsPath = Write("logits.npy", Logits, n, c, h, w);
            LabelsPath = Write("labels.npy", Labels, n, h, w);
        }

        public string Dir { get; } = Path.Combine(Path.GetTempPath(), "ohem-cli-" + Guid.NewGuid().ToString("N"));

        public OhemShape Shape { get; }

        public float[] Logits { get; }

        public long[] Labels { get; }

        public string LogitsPath { get; }

        public string LabelsPath { get; }

        public string File(string name) => Path.Combine(Dir, name);

        public string Write<T>(string name, T[] values, params long[] shape)
            where T : unmanaged
        {
            string path = File(name);
            NpyFile.Write<T>(path, values, shape);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
