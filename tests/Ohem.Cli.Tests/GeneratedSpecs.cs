using Ohem;

namespace Ohem.Cli.Tests
{
    /// <summary>Classes the generator turns into losses; `ohem emit` must print their CudaSource byte for byte.</summary>
    [OhemLoss(Thresh = 0.7, NMin = 100_000, IgnoreLabel = 255, NumClasses = 19)]
    public partial class CityscapesLoss
    {
    }

    [OhemLoss(Thresh = 0.5, NMin = 4096, IgnoreLabel = -1, NumClasses = 0, Logits = OhemLogits.Float16, Labels = OhemLabels.Int32)]
    public partial class HalfRuntimeClassesLoss
    {
    }

    [OhemLoss(Thresh = 0.9, NMin = 0, IgnoreLabel = 255, NumClasses = 5, Logits = OhemLogits.BFloat16, Labels = OhemLabels.UInt8)]
    public partial class BFloatBytesLoss
    {
    }

    [OhemLoss(Thresh = 1, NMin = 16, NumClasses = 3)]
    public partial class SmallLoss
    {
    }

    [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19)]
    public partial class HrnetLoss
    {
    }

    [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.2, NumClasses = 19, Logits = OhemLogits.Float16)]
    public partial class DeepLabLoss
    {
    }

    [OhemLoss(Mode = OhemMode.BiSeNetV2, NumClasses = 19)]
    public partial class BiSeNetNewLoss
    {
    }

    [OhemLoss(NumClasses = 19, Logits = OhemLogits.Float16, Layout = OhemLayout.NHWC)]
    public partial class ChannelsLastHalfLoss
    {
    }

    [OhemLoss(Mode = OhemMode.MMSegSampler, NMin = 10000, NumClasses = 19, Labels = OhemLabels.UInt8, AverageOverValid = true)]
    public partial class MmsegLoss
    {
    }

    [OhemLoss(Mode = OhemMode.HRNet, NumClasses = 3, ClassWeights = new[] { 1.0, 2.5, 0.8 })]
    public partial class WeightedHrnetLoss
    {
    }

    [OhemLoss(Mode = OhemMode.PaddleSeg, NMin = 130000, Logits = OhemLogits.BFloat16)]
    public partial class PaddleLoss
    {
    }

    [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, Logits = OhemLogits.Float16)]
    public partial class TorchSegLoss
    {
    }

    [OhemLoss(Mode = OhemMode.PytorchLossOhem, Fraction = 0.0625, Labels = OhemLabels.UInt8)]
    public partial class PytorchLossLoss
    {
    }

    [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.25, NumClasses = 19)]
    public partial class GardenLoss
    {
    }

    [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Throw, Reduction = OhemReduction.Sum)]
    public partial class KnobLoss
    {
    }

    [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, Comparison = OhemComparison.Strict, NMinPolicy = OhemNMinPolicy.Clamp, Reduction = OhemReduction.Sum)]
    public partial class TorchSegStrictCliLoss
    {
    }

    [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.25, Candidates = OhemCandidates.ValidOnly)]
    public partial class ValidTopKLoss
    {
    }
}
