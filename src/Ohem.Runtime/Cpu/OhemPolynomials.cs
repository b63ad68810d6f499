namespace Ohem.Cpu
{
    /// <summary>
    /// <see cref="OhemMathConstants.ExpPoly"/> and <see cref="OhemMathConstants.LogPoly"/> as constants, so the hot loops
    /// embed them instead of reading arrays (a test checks they are bitwise the arrays' values).
    /// </summary>
    internal static class OhemPolynomials
    {
        public const float E0 = 1.9875691500e-4f;
        public const float E1 = 1.3981999507e-3f;
        public const float E2 = 8.3334519073e-3f;
        public const float E3 = 4.1665795894e-2f;
        public const float E4 = 1.6666665459e-1f;
        public const float E5 = 5.0000001201e-1f;

        public const float L0 = 7.0376836292e-2f;
        public const float L1 = -1.1514610310e-1f;
        public const float L2 = 1.1676998740e-1f;
        public const float L3 = -1.2420140846e-1f;
        public const float L4 = 1.4249322787e-1f;
        public const float L5 = -1.6668057665e-1f;
        public const float L6 = 2.0000714765e-1f;
        public const float L7 = -2.4999993993e-1f;
        public const float L8 = 3.3333331174e-1f;
    }
}
