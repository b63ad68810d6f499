using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed class DeviceStateLayoutTests
    {
        [Fact]
        public unsafe void StateIs128Bytes()
        {
            Assert.Equal(128, sizeof(OhemDeviceState));
            Assert.Equal(128, Marshal.SizeOf<OhemDeviceState>());
        }

        /// <summary>
        /// Lays out the emitted C struct (natural alignment) and compares every field's offset with the C# mirror.
        /// BiSeNetV1's text keeps <c>ties</c> as padding (its emitted text predates the modes), so there the mirror's
        /// <see cref="OhemDeviceState.Ties"/> must sit on the first padding word, which the reset kernel zeroes. MMSegSampler and
        /// PaddleSeg fill the last 8 bytes with <c>divisor</c>, which only the kernels read, so it is not mirrored.
        /// </summary>
        [Theory]
        [InlineData(OhemMode.BiSeNetV1)]
        [InlineData(OhemMode.BiSeNetV2)]
        [InlineData(OhemMode.HRNet)]
        [InlineData(OhemMode.TopKPercent)]
        [InlineData(OhemMode.MMSegSampler)]
        [InlineData(OhemMode.PaddleSeg)]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        [InlineData(OhemMode.TorchSeg)]
        [InlineData(OhemMode.PytorchLossOhem)]
        public void EveryFieldOffsetMatchesTheEmittedStruct(OhemMode mode)
        {
            string source = OhemCudaEmitter.Emit(new OhemSpec(numClasses: 19, mode: mode));
            var (offsets, size) = EmittedStateLayout.Of(source);
            Assert.Equal(128, size);
            var mirrored = typeof(OhemDeviceState).GetFields().Where(f => !f.IsLiteral).ToList();
            Assert.Equal(mode == OhemMode.BiSeNetV1 ? offsets.Count : offsets.Count - 1, mirrored.Count); // all but the padding
            foreach (var f in mirrored)
            {
                string cName = Regex.Replace(f.Name, "(?<!^)([A-Z])", "_$1").ToLowerInvariant();
                if (mode == OhemMode.BiSeNetV1 && cName == "ties")
                {
                    cName = "pad";
                }

                Assert.True(offsets.ContainsKey(cName), $"C# field {f.Name} ({cName}) is not in the emitted struct.");
                Assert.Equal(offsets[cName], Marshal.OffsetOf<OhemDeviceState>(f.Name).ToInt32());
            }

            Assert.Equal(OhemDeviceState.LossOffset, offsets["loss"]);
        }
    }
}
