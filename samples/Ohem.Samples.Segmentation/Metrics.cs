namespace Ohem.Samples.Segmentation
{
    /// <summary>Intersection over union per class, over every non-ignored pixel seen.</summary>
    internal sealed class IouCounter
    {
        private readonly long[] intersection = new long[Scenes.Classes];
        private readonly long[] union = new long[Scenes.Classes];

        public void Add(byte[] truth, byte[] prediction)
        {
            for (int i = 0; i < truth.Length; i++)
            {
                int t = truth[i];
                if (t == Scenes.Ignore)
                {
                    continue;
                }

                int p = prediction[i];
                if (t == p)
                {
                    intersection[t]++;
                    union[t]++;
                }
                else
                {
                    union[t]++;
                    union[p]++;
                }
            }
        }

        public double[] PerClass()
        {
            var iou = new double[Scenes.Classes];
            for (int c = 0; c < iou.Length; c++)
            {
                iou[c] = union[c] == 0 ? 0 : (double)intersection[c] / union[c];
            }

            return iou;
        }

        public static double Mean(double[] iou)
        {
            double sum = 0;
            foreach (var v in iou)
            {
                sum += v;
            }

            return sum / iou.Length;
        }
    }
}
