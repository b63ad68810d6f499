namespace Ohem.Cuda
{
    /// <summary>What the driver says about one device.</summary>
    /// <param name="Ordinal">The device ordinal.</param>
    /// <param name="Name">The device's name.</param>
    /// <param name="Major">Compute capability major.</param>
    /// <param name="Minor">Compute capability minor.</param>
    /// <param name="Multiprocessors">Streaming multiprocessors.</param>
    /// <param name="DriverVersion">cuDriverGetVersion (1000 × major + 10 × minor).</param>
    public readonly record struct CudaDeviceInfo(int Ordinal, string Name, int Major, int Minor, int Multiprocessors, int DriverVersion)
    {
        /// <summary>Compute capability × 10 (90 for sm_90).</summary>
        public int Architecture => (Major * 10) + Minor;

        /// <inheritdoc/>
        public override string ToString() => $"device {Ordinal} ({Name}, sm_{Architecture}, {Multiprocessors} SMs, driver {DriverVersion / 1000}.{DriverVersion % 1000 / 10})";
    }
}
