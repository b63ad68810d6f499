using System;
using Ohem.Cuda;

namespace Ohem.GpuCheck
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            Options options;
            try
            {
                options = Options.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("ohem-gpucheck: " + e.Message);
                return 2;
            }

            if (options.Help)
            {
                Console.WriteLine(Options.Usage);
                return 0;
            }

            try
            {
                if (options.KernelsArch is not null)
                {
                    return SelfCheck.PrintKernels(options.KernelsArch, options.Classes);
                }

                if (options.SelfCheck)
                {
                    return SelfCheck.Run();
                }

                return new FullCheck(options).Run();
            }
            catch (CudaLibraryNotFoundException e)
            {
                Console.Error.WriteLine("ohem-gpucheck: " + e.Message);
                return 2;
            }
            catch (EnvironmentMissingException e)
            {
                Console.Error.WriteLine("ohem-gpucheck: " + e.Message);
                return 2;
            }
        }
    }

    /// <summary>Something the check needs is not on this machine (the message says what and how to get it).</summary>
    internal sealed class EnvironmentMissingException(string message) : Exception(message);
}
