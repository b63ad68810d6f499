using System;
using System.Linq;

namespace Ohem.Samples.Segmentation
{
    /// <summary>Training and validation scenes with their features, standardised with the training statistics.</summary>
    internal sealed class Dataset
    {
        private Dataset(Scenes.Scene[] train, Scenes.Scene[] validation, float[][] trainFeatures, float[][] validationFeatures)
        {
            Train = train;
            Validation = validation;
            TrainFeatures = trainFeatures;
            ValidationFeatures = validationFeatures;
        }

        public Scenes.Scene[] Train { get; }

        public Scenes.Scene[] Validation { get; }

        public float[][] TrainFeatures { get; }

        public float[][] ValidationFeatures { get; }

        public int Size => Train[0].Size;

        public static Dataset Create(int trainCount, int validationCount, int size, int seed)
        {
            var random = new Random(seed);
            var train = Enumerable.Range(0, trainCount).Select(_ => Scenes.Generate(size, random)).ToArray();
            var validation = Enumerable.Range(0, validationCount).Select(_ => Scenes.Generate(size, random)).ToArray();
            var trainFeatures = train.AsParallel().AsOrdered().Select(s => Features.Compute(s.Image, size)).ToArray();
            var validationFeatures = validation.AsParallel().AsOrdered().Select(s => Features.Compute(s.Image, size)).ToArray();
            Standardise(trainFeatures, validationFeatures, size * size);
            return new Dataset(train, validation, trainFeatures, validationFeatures);
        }

        /// <summary>The share of valid training pixels in each class.</summary>
        public double[] ClassShares()
        {
            var counts = new long[Scenes.Classes];
            long total = 0;
            foreach (var scene in Train)
            {
                foreach (byte label in scene.Labels)
                {
                    if (label != Scenes.Ignore)
                    {
                        counts[label]++;
                        total++;
                    }
                }
            }

            return counts.Select(c => (double)c / total).ToArray();
        }

        private static void Standardise(float[][] train, float[][] validation, int plane)
        {
            for (int f = 0; f < Features.Count; f++)
            {
                double sum = 0, squares = 0;
                foreach (var x in train)
                {
                    for (int p = 0; p < plane; p++)
                    {
                        double v = x[(p * Features.Count) + f];
                        sum += v;
                        squares += v * v;
                    }
                }

                double count = (double)train.Length * plane;
                double mean = sum / count;
                float std = (float)Math.Sqrt(Math.Max(squares / count - (mean * mean), 1e-12));
                foreach (var x in train.Concat(validation))
                {
                    for (int p = 0; p < plane; p++)
                    {
                        x[(p * Features.Count) + f] = (x[(p * Features.Count) + f] - (float)mean) / std;
                    }
                }
            }
        }
    }
}
