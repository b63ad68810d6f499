namespace Ohem
{
    /// <summary>
    /// Per image, what the host checks of the Throw knobs need to name the image that failed: the first image that kept
    /// nothing (−1 if none) and the first image with the fewest valid pixels with that count. The CPU engine takes them
    /// from its per-image results, the CUDA engine from the result state, where the combine kernel writes them only for
    /// specs with those knobs.
    /// </summary>
    internal readonly record struct OhemImageFacts(long EmptyImage, long FewestValidImage, long FewestValid)
    {
        public static OhemImageFacts None => new(-1, -1, -1);
    }
}
