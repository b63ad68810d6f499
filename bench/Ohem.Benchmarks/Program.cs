using System;
using BenchmarkDotNet.Running;

namespace Ohem.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// <c>--side-by-side [--threads 2] [--runs 7] [--nmin 100000] [--shape N,C,H,W]</c>: ours vs PyTorch in one run.
        /// <c>--layouts [--runs 15] [--threads 1]</c>: NCHW against NHWC, interleaved (<see cref="LayoutRunner"/>).
        /// Anything else goes to BenchmarkDotNet (e.g. <c>--filter *</c>).
        /// </summary>
        public static int Main(string[] args)
        {
            if (Array.IndexOf(args, "--side-by-side") >= 0)
            {
                return SideBySide.Run(args);
            }

            if (Array.IndexOf(args, "--layouts") >= 0)
            {
                return LayoutRunner.Run(args);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
