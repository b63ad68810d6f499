using Ohem;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// The loss this sample trains with: BiSeNet's OhemCELoss settings (keep pixels whose true-class probability is
    /// below 0.7, at least NMin of them per batch). NMin is 1/16 of a default batch (8 images of 64×64), as BiSeNet
    /// uses 1/16 of its crop. Labels are bytes, as label PNGs are; 255 marks the ignored border.
    /// </summary>
    [OhemLoss(Thresh = 0.7, NMin = 2048, IgnoreLabel = 255, NumClasses = Scenes.Classes, Labels = OhemLabels.UInt8)]
    public partial class SceneLoss
    {
    }
}
