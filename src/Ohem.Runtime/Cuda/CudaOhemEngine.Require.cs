using System;

namespace Ohem.Cuda
{
    public sealed partial class CudaOhemEngine
    {
        /// <summary>
        /// The CUDA engine behind <paramref name="engine"/>: device views (zero-copy tensors from another framework)
        /// only make sense there. Otherwise an <see cref="InvalidOperationException"/> that says which backend runs
        /// and why CUDA is not used.
        /// </summary>
        public static CudaOhemEngine Require(OhemLossEngine engine)
        {
            ArgumentNullException.ThrowIfNull(engine);
            if (engine is CudaOhemEngine cuda)
            {
                return cuda;
            }

            string why = string.IsNullOrEmpty(engine.BackendReason) ? string.Empty : " (" + engine.BackendReason + ")";
            throw new InvalidOperationException(
                $"Device views need the CUDA backend, but this loss runs on {engine.Backend}{why}. "
                + "Pass host spans instead, or request OhemBackend.Cuda on a machine with a device, the driver and NVRTC.");
        }
    }
}
