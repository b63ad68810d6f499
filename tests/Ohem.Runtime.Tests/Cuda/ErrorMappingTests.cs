using System;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed class ErrorMappingTests
    {
        [SkippableFact]
        public void NvrtcNamesComeFromNvrtcAndMatchTheBuiltInTable()
        {
            CudaTestEnvironment.RequireNvrtc();
            for (int code = 0; code < NvrtcResultNames.Count; code++)
            {
                Assert.Equal(NvrtcResultNames.Name(code), NvrtcException.NameOf(code));
            }
        }

        [Fact]
        public void NvrtcExceptionNamesTheCallTheCodeAndItsMeaning()
        {
            var e = new NvrtcException("nvrtcCompileProgram", 5);

            Assert.Equal("nvrtcCompileProgram", e.Call);
            Assert.Equal(5, e.Result);
            Assert.Equal("NVRTC_ERROR_INVALID_OPTION", e.ResultName);
            Assert.Equal("nvrtcCompileProgram failed with NVRTC_ERROR_INVALID_OPTION (5): an option was not recognised (is this NVRTC too old for the architecture?)", e.Message);
        }

        [Fact]
        public void UnknownNvrtcCodesStillNameTheNumber()
        {
            Assert.Equal("nvrtcResult 77", NvrtcResultNames.Name(77));
            Assert.Equal("nvrtcResult -1", NvrtcResultNames.Name(-1));
        }

        [Fact]
        public void CudaExceptionNamesTheCallAndTheResult()
        {
            var e = new CudaException("cuMemAlloc", 2);

            Assert.Equal("cuMemAlloc", e.Call);
            Assert.Equal(2, e.Result);
            Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ResultName);
            Assert.StartsWith("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (2): ", e.Message);
            Assert.Contains("out of memory", e.ResultText);
        }

        [Theory]
        [InlineData(100, "CUDA_ERROR_NO_DEVICE")]
        [InlineData(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION")]
        [InlineData(209, "CUDA_ERROR_NO_BINARY_FOR_GPU")]
        [InlineData(12345, "CUresult 12345")]
        public void CudaResultNamesFallBackToTheTable(int code, string name)
        {
            Assert.Equal(name, CudaResultNames.Name(code));
        }

        [Fact]
        public void CompilationExceptionCarriesLogKeyAndHash()
        {
            var e = new NvrtcCompilationException(6, "x.cu(3): error: boom", "ohem/v1;spec", "abc123", "sm_90", "--fmad=false");

            Assert.Equal("x.cu(3): error: boom", e.Log);
            Assert.Equal("ohem/v1;spec", e.SpecKey);
            Assert.Equal("abc123", e.SourceHash);
            Assert.Equal("NVRTC_ERROR_COMPILATION", e.ResultName);
            Assert.Contains("x.cu(3): error: boom", e.Message);
            Assert.Contains("'ohem/v1;spec'", e.Message);
            Assert.Contains("abc123", e.Message);
            Assert.Contains("sm_90", e.Message);
            Assert.IsAssignableFrom<NvrtcException>(e);
        }
    }
}
