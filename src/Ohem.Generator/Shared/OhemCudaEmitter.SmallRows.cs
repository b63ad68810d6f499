namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // NCHW with a baked C of 3 or 4 (the row in registers): the backward's loop that zeroes an unkept pixel's C gradient
        // elements is rolled. Fully unrolled, its C stores at stride H*W next to the unrolled gradient loop left ptxas (NVRTC
        // 11.8, sm_70) holding more 64-bit addresses live across that loop's C IEEE divisions, which sm_70 compiles as calls
        // to a slow-path subroutine: 4-8 bytes were spilled around the calls (48 registers; f32/f16/bf16, weighted or not,
        // in every mode checked). Rolled, the backward is clean and needs fewer registers on sm_70/80/90. C = 2 and C >= 5 never
        // spilled and keep their text (and snapshots) unchanged; NHWC stores at constant offsets and never spilled here.

        /// <summary>Smallest and largest baked class count whose NCHW zero-row loop is rolled.</summary>
        internal const int MinRolledZeroRowClasses = 3, MaxRolledZeroRowClasses = 4;

        /// <summary>Whether the backward's zero-row loop of this NCHW spec is rolled (see above).</summary>
        internal static bool RollsSmallZeroRow(OhemSpec spec) =>
            !spec.IsChannelsLast && UsesRegisters(spec)
            && spec.NumClasses >= MinRolledZeroRowClasses && spec.NumClasses <= MaxRolledZeroRowClasses;
    }
}
