using Ohem;

namespace Ohem.Cli.Tests
{
    [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, NumClasses = 19)]
    public partial class PaddleTopKCliLoss
    {
    }

    [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, Logits = OhemLogits.BFloat16)]
    public partial class DeepLab2CliLoss
    {
    }

    [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, NumClasses = 19, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
    public partial class DeepLab2KnobsCliLoss
    {
    }
}
