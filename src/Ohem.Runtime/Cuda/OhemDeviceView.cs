using System;

namespace Ohem.Cuda
{
    /// <summary>
    /// Device memory the engine does not own: a pointer valid in the device's primary context (as PyTorch and
    /// TorchSharp allocate), a length in elements and the element type. TorchSharp:
    /// <c>new OhemDeviceView((IntPtr)(t.storage&lt;float&gt;().data_ptr() + t.storage_offset() * 4), t.numel(), OhemElementType.Float32)</c>
    /// for a contiguous CUDA tensor.
    /// </summary>
    public readonly record struct OhemDeviceView
    {
        /// <summary>Creates a view; the pointer must not be zero and the length must be positive.</summary>
        public OhemDeviceView(IntPtr pointer, long length, OhemElementType elementType)
        {
            if (pointer == IntPtr.Zero)
            {
                throw new ArgumentException("A device view needs a non-null device pointer.", nameof(pointer));
            }

            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
            if (!Enum.IsDefined(elementType))
            {
                throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Not an OhemElementType.");
            }

            Pointer = pointer;
            Length = length;
            ElementType = elementType;
        }

        /// <summary>The device address of the first element.</summary>
        public IntPtr Pointer { get; }

        /// <summary>Elements in the view.</summary>
        public long Length { get; }

        /// <summary>The element type.</summary>
        public OhemElementType ElementType { get; }

        /// <summary>Bytes in the view.</summary>
        public long Bytes => Length * OhemElementTypes.SizeOf(ElementType);

        internal ulong Address => (ulong)Pointer;
    }
}
