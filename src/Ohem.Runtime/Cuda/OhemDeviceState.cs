using System.Runtime.InteropServices;

namespace Ohem.Cuda
{
    /// <summary>
    /// Mirror of the kernels' <c>struct OhemState</c> (128 bytes). Field offsets are explicit so a change on
    /// either side fails the layout test instead of silently misreading the result.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct OhemDeviceState
    {
        /// <summary>The loss in fp64, before the cast to float.</summary>
        [FieldOffset(0)] public double Loss64;
        /// <summary>Sum of the selected losses (top-NMin rule).</summary>
        [FieldOffset(8)] public double SumSelected;
        /// <summary>Pixels kept.</summary>
        [FieldOffset(16)] public ulong Kept;
        /// <summary>Pixels whose label is not the ignore label.</summary>
        [FieldOffset(24)] public ulong Valid;
        /// <summary>Losses above the threshold.</summary>
        [FieldOffset(32)] public ulong CountAbove;
        /// <summary>NaN losses.</summary>
        [FieldOffset(40)] public ulong NanCount;
        /// <summary>The rank the selection finds: NMin, or the mode's computed k (HRNet: k + 1).</summary>
        [FieldOffset(48)] public ulong K;
        /// <summary>Rank still to find during selection.</summary>
        [FieldOffset(56)] public ulong Remaining;
        /// <summary>Pixels tied at the cut-off that are kept.</summary>
        [FieldOffset(64)] public ulong TiesKeep;
        /// <summary>Pixels tied at the cut-off.</summary>
        [FieldOffset(72)] public ulong TiesTotal;
        /// <summary>The first flat index of an invalid label, or ulong.MaxValue.</summary>
        [FieldOffset(80)] public ulong BadIndex;
        /// <summary>The loss.</summary>
        [FieldOffset(88)] public float Loss;
        /// <summary>The threshold (see <see cref="OhemResult.Threshold"/>).</summary>
        [FieldOffset(92)] public float Threshold;
        /// <summary>1 = above threshold, 2 = top NMin.</summary>
        [FieldOffset(96)] public uint Rule;
        /// <summary>The cut-off key (top-NMin rule).</summary>
        [FieldOffset(100)] public uint Key;
        /// <summary>Radix prefix during selection.</summary>
        [FieldOffset(104)] public uint Prefix;
        /// <summary>Whether backward must rank ties.</summary>
        [FieldOffset(108)] public uint NeedsTieRanks;
        /// <summary>Whether selection is still refining.</summary>
        [FieldOffset(112)] public uint Refine;
        /// <summary>Which tied pixels the backward keeps: 0 by rank (or all), 1 all, 2 none (HRNet). Padding, always 0, in BiSeNetV1's text.</summary>
        [FieldOffset(116)] public uint Ties;

        // Bytes 120–127: padding, or (MMSegSampler, PaddleSeg) the fp64 divisor of the kept sum, read only by the kernels.

        /// <summary>Byte offset of <see cref="Loss"/>, for reading the loss on the device.</summary>
        public const int LossOffset = 88;
    }
}
