using System;
using System.Globalization;

namespace Ohem.Cuda
{
    public sealed partial class CudaOhemEngine
    {
        /// <summary>
        /// NHWC texts with a baked C whose row is a whole number of 4/8/16-byte words read each row in such words
        /// (OhemCudaEmitter.NhwcRowWordBytes), which needs the logits aligned to the word. cudaMalloc and PyTorch's
        /// allocator give 256-byte alignment; a view that starts inside an allocation may not have it. Rather than a
        /// misaligned-address fault on the device, the call fails here naming the address and the alignment.
        /// </summary>
        private void RequireRowAlignment(OhemDeviceView logits)
        {
            int word = OhemCudaEmitter.NhwcRowWordBytes(Spec);
            if (word > 0 && logits.Address % (ulong)word != 0)
            {
                throw new ArgumentException(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "logits starts at device address 0x{0:x}, which is not {1}-byte aligned; this NHWC loss (C = {2}, {3}) reads each pixel's row in {1}-byte words. Pass a view whose start is {1}-byte aligned (a fresh allocation is).",
                        logits.Address,
                        word,
                        Spec.NumClasses,
                        Spec.Logits),
                    nameof(logits));
            }
        }
    }
}
