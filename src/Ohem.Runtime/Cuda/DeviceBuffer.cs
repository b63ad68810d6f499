using System;
using System.Runtime.InteropServices;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>
    /// Device memory this process owns, freed deterministically by Dispose (or by the finalizer
    /// as a last resort; the owning context is made current first).
    /// </summary>
    public sealed class DeviceBuffer : SafeHandle
    {
        private readonly IntPtr context;

        /// <summary>Allocates <paramref name="bytes"/> bytes in the current context.</summary>
        public DeviceBuffer(CudaPrimaryContext context, long bytes)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
            context.MakeCurrent();
            this.context = context.Handle;
            CudaDriver.Check(CudaDriver.cuMemAlloc(out ulong pointer, (nuint)bytes), "cuMemAlloc");
            SetHandle((IntPtr)pointer);
            Bytes = bytes;
        }

        /// <summary>Bytes allocated.</summary>
        public long Bytes { get; }

        /// <summary>The device address.</summary>
        public ulong Address => (ulong)handle;

        /// <inheritdoc/>
        public override bool IsInvalid => handle == IntPtr.Zero;

        /// <summary>A non-owning view of the first <paramref name="length"/> elements.</summary>
        public OhemDeviceView View(long length, OhemElementType type)
        {
            if (length * OhemElementTypes.SizeOf(type) > Bytes)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, $"The buffer holds {Bytes} bytes, fewer than {length} elements of {type}.");
            }

            return new OhemDeviceView(handle, length, type);
        }

        /// <summary>Copies host elements to the start of the buffer (synchronous).</summary>
        public unsafe void CopyFrom<T>(ReadOnlySpan<T> source)
            where T : unmanaged
        {
            long bytes = (long)source.Length * sizeof(T);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Bytes, nameof(source));
            fixed (T* p = source)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(Address, p, (nuint)bytes), "cuMemcpyHtoD");
            }
        }

        /// <summary>Copies the start of the buffer to host elements (synchronous).</summary>
        public unsafe void CopyTo<T>(Span<T> destination)
            where T : unmanaged
        {
            long bytes = (long)destination.Length * sizeof(T);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Bytes, nameof(destination));
            fixed (T* p = destination)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyDtoH(p, Address, (nuint)bytes), "cuMemcpyDtoH");
            }
        }

        /// <inheritdoc/>
        protected override bool ReleaseHandle()
        {
            CudaDriver.cuCtxSetCurrent(context);
            return CudaDriver.cuMemFree((ulong)handle) == 0;
        }
    }
}
