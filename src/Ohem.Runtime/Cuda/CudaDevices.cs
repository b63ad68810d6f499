using System;
using System.Text;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>Driver initialisation and device queries.</summary>
    public static class CudaDevices
    {
        private static readonly object Gate = new();
        private static bool initialised;

        /// <summary>Loads the driver and calls cuInit once; throws <see cref="CudaLibraryNotFoundException"/> or <see cref="CudaException"/>.</summary>
        public static void Initialise()
        {
            lock (Gate)
            {
                if (initialised)
                {
                    return;
                }

                CudaLibraries.Load(CudaLibraryKind.Driver);
                CudaDriver.Check(CudaDriver.cuInit(0), "cuInit");
                initialised = true;
            }
        }

        /// <summary>How many devices the driver sees.</summary>
        public static int Count
        {
            get
            {
                Initialise();
                CudaDriver.Check(CudaDriver.cuDeviceGetCount(out int count), "cuDeviceGetCount");
                return count;
            }
        }

        /// <summary>cuDriverGetVersion.</summary>
        public static int DriverVersion
        {
            get
            {
                Initialise();
                CudaDriver.Check(CudaDriver.cuDriverGetVersion(out int version), "cuDriverGetVersion");
                return version;
            }
        }

        /// <summary>Name, compute capability and SM count of a device.</summary>
        public static unsafe CudaDeviceInfo Get(int ordinal)
        {
            Initialise();
            int count = Count;
            if (ordinal < 0 || ordinal >= count)
            {
                throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The driver sees {count} CUDA device(s); expected an ordinal in [0, {count}).");
            }

            CudaDriver.Check(CudaDriver.cuDeviceGet(out int device, ordinal), "cuDeviceGet");
            byte* name = stackalloc byte[256];
            CudaDriver.Check(CudaDriver.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
            int length = 0;
            while (length < 256 && name[length] != 0)
            {
                length++;
            }

            return new CudaDeviceInfo(
                ordinal,
                Encoding.UTF8.GetString(name, length),
                Attribute(device, CudaDriver.AttributeComputeCapabilityMajor),
                Attribute(device, CudaDriver.AttributeComputeCapabilityMinor),
                Attribute(device, CudaDriver.AttributeMultiprocessorCount),
                DriverVersion);
        }

        /// <summary>Free and total device memory of the current context's device.</summary>
        public static (long Free, long Total) MemoryInfo()
        {
            CudaDriver.Check(CudaDriver.cuMemGetInfo(out nuint free, out nuint total), "cuMemGetInfo");
            return ((long)free, (long)total);
        }

        private static int Attribute(int device, int attribute)
        {
            CudaDriver.Check(CudaDriver.cuDeviceGetAttribute(out int value, attribute, device), "cuDeviceGetAttribute");
            return value;
        }
    }
}
