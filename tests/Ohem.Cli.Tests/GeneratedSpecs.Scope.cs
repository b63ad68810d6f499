using Ohem;

namespace Ohem.Cli.Tests
{
    [OhemLoss(NMin = 4096, NumClasses = 19, Scope = OhemScope.PerImage)]
    public partial class PerImageCliLoss
    {
    }

    [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19, Logits = OhemLogits.Float16)]
    public partial class BootstrappedCliLoss
    {
    }

    [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
    public partial class BootstrappedKnobsCliLoss
    {
    }
}
