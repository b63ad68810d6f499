namespace Ohem
{
    /// <summary>
    /// The float32 constants of the per-pixel exp and log, shared by the CUDA C emitter and the CPU backend so both
    /// evaluate the same operations in the same order and give bit-identical per-pixel losses (and so the same
    /// selection). Cephes-style range reduction and polynomials, about 1 ulp; every multiply-add is an explicit FMA.
    /// </summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    static class OhemMathConstants
    {
        /// <summary>Below this argument exp returns 0 (2^-126 is the smallest scale the reduction builds).</summary>
        public const float ExpCutoff = -87.0f;
        /// <summary>log2(e).</summary>
        public const float Log2E = 1.44269504f;
        /// <summary>1.5·2^23: adding it rounds a float to an integer.</summary>
        public const float RoundMagic = 12582912.0f;
        /// <summary>ln 2, high part (exact in 9 bits).</summary>
        public const float Ln2Hi = 0.693359375f;
        /// <summary>ln 2 − Ln2Hi, negated.</summary>
        public const float Ln2LoNeg = 2.12194440e-4f;
        /// <summary>exp polynomial, highest degree first.</summary>
        public static readonly float[] ExpPoly = { 1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f };
        /// <summary>√½: the log's mantissa is moved into [√½, √2).</summary>
        public const float SqrtHalf = 0.707106781186547524f;
        /// <summary>log polynomial, highest degree first.</summary>
        public static readonly float[] LogPoly = { 7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f };
        /// <summary>Canonical NaN key: NaN losses sort above +inf, as torch.sort puts NaN first in descending order.</summary>
        public const uint NaNKey = 0x7fffffffu;
    }
}
