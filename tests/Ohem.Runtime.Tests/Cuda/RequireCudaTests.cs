using System;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The generated device-view overloads go through <see cref="CudaOhemEngine.Require"/>: on the CPU it must say why.</summary>
    public sealed class RequireCudaTests
    {
        [Fact]
        public void DeviceViewsOnTheCpuEngineFailWithTheBackendAndWhatToDo()
        {
            using var engine = OhemLossEngine.Create(new OhemSpec(numClasses: 19), backend: OhemBackend.Cpu);
            var error = Assert.Throws<InvalidOperationException>(() => CudaOhemEngine.Require(engine));
            Assert.Contains("Device views need the CUDA backend, but this loss runs on Cpu", error.Message);
            Assert.Contains("OhemBackend.Cuda", error.Message);
        }

        [Fact]
        public void NullEngineIsRejectedByName()
        {
            var error = Assert.Throws<ArgumentNullException>(() => CudaOhemEngine.Require(null!));
            Assert.Equal("engine", error.ParamName);
        }
    }
}
