namespace Ohem
{
    // PaddleSeg CrossEntropyLoss(top_k_percent_pixels) and deeplab2 compute_average_top_k_loss (docs/modes.md,
    // "The top-k-percent modes 12 and 13").
    sealed partial class OhemSpec
    {
        /// <summary>Whether the mode is <see cref="OhemMode.PaddleSegTopK"/> or <see cref="OhemMode.DeepLab2"/>.</summary>
        public bool IsTopKMode => Mode == OhemMode.PaddleSegTopK || Mode == OhemMode.DeepLab2;

        /// <summary>Why the mode refuses <see cref="ClassWeights"/> (OHEM0017), or empty for the shared message.</summary>
        private string ClassWeightsRefusal => Mode switch
        {
            OhemMode.PaddleSegTopK =>
                "PaddleSeg divides its top-k mean by the mean class weight of the k selected pixels, which needs the class of each of them, "
                + "ties at the cut-off included, in the forward; the selection ranks the tied pixels only in the backward",
            OhemMode.DeepLab2 =>
                "deeplab2's loss has no class weights; its weights are per pixel, from the data pipeline, which no engine call carries",
            OhemMode.PytorchLossOhem => "pytorch-loss's OhemCELoss builds its nn.CrossEntropyLoss without weight=",
            _ => string.Empty,
        };
    }
}
