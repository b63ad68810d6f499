namespace Ohem.Cuda
{
    /// <summary>What ptxas reported for one entry point.</summary>
    /// <param name="Name">The entry point.</param>
    /// <param name="Registers">Registers per thread.</param>
    /// <param name="SpillStoreBytes">Bytes of register spill stores (0 for a healthy kernel).</param>
    /// <param name="SpillLoadBytes">Bytes of register spill loads.</param>
    /// <param name="SharedMemoryBytes">Static shared memory per block.</param>
    /// <param name="StackFrameBytes">Local stack frame per thread.</param>
    public readonly record struct OhemKernelInfo(string Name, int Registers, int SpillStoreBytes, int SpillLoadBytes, int SharedMemoryBytes, int StackFrameBytes);
}
