namespace Ohem.Cuda
{
    /// <summary>Element types of device memory the engine reads or writes.</summary>
    public enum OhemElementType
    {
        /// <summary>float.</summary>
        Float32 = 0,
        /// <summary>IEEE binary16 (System.Half, torch.float16).</summary>
        Float16 = 1,
        /// <summary>bfloat16 (<see cref="Ohem.BFloat16"/>, torch.bfloat16).</summary>
        BFloat16 = 2,
        /// <summary>long (torch.int64).</summary>
        Int64 = 3,
        /// <summary>int (torch.int32).</summary>
        Int32 = 4,
        /// <summary>byte (torch.uint8).</summary>
        UInt8 = 5,
    }

    /// <summary>Sizes and spec mappings of <see cref="OhemElementType"/>.</summary>
    public static class OhemElementTypes
    {
        /// <summary>Bytes per element.</summary>
        public static int SizeOf(OhemElementType type) => type switch
        {
            OhemElementType.Float32 or OhemElementType.Int32 => 4,
            OhemElementType.Float16 or OhemElementType.BFloat16 => 2,
            OhemElementType.Int64 => 8,
            _ => 1,
        };

        /// <summary>The element type of a spec's logits.</summary>
        public static OhemElementType Of(OhemLogits logits) => logits switch
        {
            OhemLogits.Float16 => OhemElementType.Float16,
            OhemLogits.BFloat16 => OhemElementType.BFloat16,
            _ => OhemElementType.Float32,
        };

        /// <summary>The element type of a spec's labels.</summary>
        public static OhemElementType Of(OhemLabels labels) => labels switch
        {
            OhemLabels.Int32 => OhemElementType.Int32,
            OhemLabels.UInt8 => OhemElementType.UInt8,
            _ => OhemElementType.Int64,
        };
    }
}
