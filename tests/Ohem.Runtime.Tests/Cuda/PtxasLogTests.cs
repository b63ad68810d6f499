using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed class PtxasLogTests
    {
        // Verbatim NVRTC 11.8 output (--ptxas-options=-v), with a spilling kernel and a device function's properties between.
        private const string Log =
            "ptxas info    : 0 bytes gmem\n"
            + "ptxas info    : Compiling entry function 'k2' for 'sm_90'\n"
            + "ptxas info    : Function properties for k2\n"
            + "ptxas         .     24 bytes stack frame, 8 bytes spill stores, 12 bytes spill loads\n"
            + "ptxas info    : Used 72 registers\n"
            + "ptxas info    : Function properties for helper\n"
            + "ptxas         .     99 bytes stack frame, 99 bytes spill stores, 99 bytes spill loads\n"
            + "ptxas info    : Compiling entry function 'k1' for 'sm_90'\n"
            + "ptxas info    : Function properties for k1\n"
            + "ptxas         .     0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
            + "ptxas info    : Used 10 registers, 1024 bytes smem, 384 bytes cmem[0]\n";

        [Fact]
        public void ParsesEveryEntryWithItsOwnProperties()
        {
            var kernels = PtxasLog.Parse(Log);

            Assert.Equal(
                new[]
                {
                    new OhemKernelInfo("k2", 72, 8, 12, 0, 24),
                    new OhemKernelInfo("k1", 10, 0, 0, 1024, 0),
                },
                kernels);
        }

        [Fact]
        public void FindsWarningLines()
        {
            var warnings = PtxasLog.Warnings(Log + "ptxas warning : Registers are spilled to local memory in function 'k2'\nx.cu(7): warning #177-D: variable \"q\" was declared but never referenced\n");

            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("ptxas warning", warnings[0]);
            Assert.Contains("#177-D", warnings[1]);
            Assert.Empty(PtxasLog.Warnings(Log));
        }
    }
}
