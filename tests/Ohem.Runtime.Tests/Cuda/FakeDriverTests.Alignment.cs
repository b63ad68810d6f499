using System;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed partial class FakeDriverTests
    {
        /// <summary>
        /// NHWC float32 with C = 20 reads each 80-byte row as five 16-byte words, so the logits must be 16-byte aligned:
        /// a view 4 bytes into an allocation is refused before any launch, naming logits, the address and the alignment.
        /// The NCHW text and the NHWC C = 19 text (76-byte rows, read element by element) have no such requirement.
        /// </summary>
        [SkippableFact]
        public void AMisalignedNhwcWordViewIsRefusedBeforeAnyLaunch()
        {
            CudaTestEnvironment.RequireNvrtc();
            var (stdout, log) = RunScenario("nhwc-alignment");

            Assert.Equal("True", stdout["base-aligned"]);
            Assert.Equal("ran", stdout["aligned"]);
            Assert.Equal("ran", stdout["nchw-inside"]);
            Assert.Equal("ran", stdout["nhwc19-inside"]);
            var launches = log.Where(l => l.Kind == "launch").ToList();
            string[] forward = { "ohem_reset", "ohem_forward", "ohem_decide", "ohem_refine", "ohem_select", "ohem_refine", "ohem_select" };
            Assert.Equal(forward.Concat(forward).Concat(forward), launches.Select(l => l.Name));
            ulong aligned = Hex(launches[1]["logits"]);
            Assert.Equal(aligned + 4, Hex(launches[8]["logits"]));
            Assert.Equal(aligned + 4, Hex(launches[15]["logits"]));
            Assert.Equal(
                $"logits | logits starts at device address 0x{aligned + 4:x}, which is not 16-byte aligned; this NHWC loss (C = 20, Float32) reads each pixel's row in 16-byte words. Pass a view whose start is 16-byte aligned (a fresh allocation is). (Parameter 'logits')",
                stdout["misaligned"]);
        }
    }
}
