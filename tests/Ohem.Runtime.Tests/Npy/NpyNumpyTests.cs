using System;
using System.Globalization;
using Ohem.NumPy;
using Xunit;

namespace Ohem.Runtime.Tests.NumPy
{
    /// <summary>Round trips through real NumPy (np.save / np.load) in both directions.</summary>
    public sealed class NpyNumpyTests
    {
        [SkippableTheory]
        [InlineData("float32", "<f4")]
        [InlineData("float16", "<f2")]
        [InlineData("int64", "<i8")]
        [InlineData("int32", "<i4")]
        [InlineData("uint8", "|u1")]
        public void Numpy_saved_arrays_read_back_bit_exactly(string dtype, string descr)
        {
            NumpyProcess.SkipIfMissing();
            using var dir = new TempDir();
            string path = dir.File("np.npy");
            // Values NumPy computes; the raw bytes are compared, so no float formatting is involved.
            string hex = NumpyProcess.Run(
                "import numpy as np, sys\n"
                + "a = (np.arange(2*3*4, dtype=np.float64).reshape(2, 3, 4) * 7.3 - 20).astype(sys.argv[2])\n"
                + "np.save(sys.argv[1], a)\n"
                + "print(a.tobytes().hex())",
                path,
                dtype).Trim();
            var array = NpyFile.Read(path);
            Assert.Equal(descr, NpyDTypes.Descr(array.DType));
            Assert.Equal(new long[] { 2, 3, 4 }, array.Shape);
            Assert.Equal(hex, Convert.ToHexString(array.Bytes).ToLowerInvariant());
        }

        [SkippableFact]
        public void Arrays_written_here_load_in_numpy_with_dtype_shape_and_values()
        {
            NumpyProcess.SkipIfMissing();
            using var dir = new TempDir();
            var values = new[] { 0.1f, -2.5f, 3e-39f, 1e30f, -0f, 7f };
            NpyFile.Write<float>(dir.File("f.npy"), values, 3, 2);
            NpyFile.Write<Half>(dir.File("h.npy"), new[] { (Half)1.5f, (Half)(-0.25f) }, 2);
            NpyFile.Write<long>(dir.File("l.npy"), new[] { long.MinValue, 255L }, 1, 1, 2);
            NpyFile.Write<int>(dir.File("i.npy"), new[] { -7 }, Array.Empty<long>());
            NpyFile.Write<byte>(dir.File("b.npy"), new byte[] { 0, 255, 19, 4 }, 2, 2);
            string output = NumpyProcess.Run(
                "import numpy as np, sys, os\n"
                + "for n in ['f', 'h', 'l', 'i', 'b']:\n"
                + "    a = np.load(os.path.join(sys.argv[1], n + '.npy'))\n"
                + "    print(n, a.dtype.str, a.shape, a.flags['C_CONTIGUOUS'], a.tobytes().hex())",
                dir.Path);
            var lines = output.Trim().Split('\n');
            Assert.Equal($"f <f4 (3, 2) True {Hex(values)}", lines[0]);
            Assert.Equal("h <f2 (2,) True 003e00b4", lines[1]);
            Assert.Equal("l <i8 (1, 1, 2) True 0000000000000080ff00000000000000", lines[2]);
            Assert.Equal("i <i4 () True f9ffffff", lines[3]);
            Assert.Equal("b |u1 (2, 2) True 00ff1304", lines[4]);
        }

        [SkippableTheory]
        [InlineData(2)]
        [InlineData(3)]
        public void Numpy_format_versions_2_and_3_are_read(int major)
        {
            NumpyProcess.SkipIfMissing();
            using var dir = new TempDir();
            string path = dir.File("v.npy");
            NumpyProcess.Run(
                "import numpy as np, sys\n"
                + "a = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.int32)\n"
                + "with open(sys.argv[1], 'wb') as f:\n"
                + "    np.lib.format.write_array(f, a, version=(int(sys.argv[2]), 0))",
                path,
                major.ToString(CultureInfo.InvariantCulture));
            var array = NpyFile.Read(path);
            Assert.Equal(new long[] { 3, 2 }, array.Shape);
            Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, array.AsSpan<int>().ToArray());
        }

        [SkippableFact]
        public void Numpy_fortran_order_and_big_endian_files_are_refused_by_name()
        {
            NumpyProcess.SkipIfMissing();
            using var dir = new TempDir();
            NumpyProcess.Run(
                "import numpy as np, sys, os\n"
                + "np.save(os.path.join(sys.argv[1], 'f.npy'), np.asfortranarray(np.ones((2, 3), dtype=np.float32)))\n"
                + "np.save(os.path.join(sys.argv[1], 'b.npy'), np.ones(3, dtype='>f4'))\n"
                + "np.save(os.path.join(sys.argv[1], 'd.npy'), np.ones(3, dtype=np.float64))",
                dir.Path);
            var fortran = Assert.Throws<NpyFormatException>(() => NpyFile.Read(dir.File("f.npy")));
            Assert.Equal($"{dir.File("f.npy")}: the array (2, 3) is in Fortran order; C order was expected (np.ascontiguousarray before np.save).", fortran.Message);
            var big = Assert.Throws<NpyFormatException>(() => NpyFile.Read(dir.File("b.npy")));
            Assert.Equal($"{dir.File("b.npy")}: dtype '>f4' is big-endian; little-endian '<f4', '<f2', '<i8', '<i4' or '|u1' was expected.", big.Message);
            var f8 = Assert.Throws<NpyFormatException>(() => NpyFile.Read(dir.File("d.npy")));
            Assert.Equal($"{dir.File("d.npy")}: dtype '<f8' is not supported; '<f4', '<f2', '<i8', '<i4' or '|u1' was expected.", f8.Message);
        }

        private static string Hex(float[] values)
        {
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            return Convert.ToHexString(bytes).ToLowerInvariant();
        }
    }
}
