using System;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>
    /// A retain of a device's primary context: the context the CUDA runtime (and so PyTorch/TorchSharp) uses,
    /// so their device pointers are valid in our kernels. Made current at every entry point, because .NET may
    /// run consecutive calls on different threads.
    /// </summary>
    public sealed class CudaPrimaryContext : IDisposable
    {
        private int released;

        /// <summary>Retains the primary context of a device.</summary>
        public CudaPrimaryContext(int ordinal)
        {
            Device = CudaDevices.Get(ordinal);
            CudaDriver.Check(CudaDriver.cuDevicePrimaryCtxRetain(out IntPtr context, ordinal), "cuDevicePrimaryCtxRetain");
            Handle = context;
        }

        /// <summary>The device.</summary>
        public CudaDeviceInfo Device { get; }

        /// <summary>The CUcontext.</summary>
        public IntPtr Handle { get; }

        /// <summary>Makes the context current on this thread.</summary>
        public void MakeCurrent()
        {
            ObjectDisposedException.ThrowIf(released != 0, this);
            CudaDriver.Check(CudaDriver.cuCtxSetCurrent(Handle), "cuCtxSetCurrent");
        }

        /// <summary>Releases the retain.</summary>
        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref released, 1) == 0)
            {
                CudaDriver.cuDevicePrimaryCtxRelease(Device.Ordinal);
            }
        }
    }
}
