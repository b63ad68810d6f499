using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Ohem.Cpu
{
    /// <summary>Work split into numbered chunks; <see cref="Run"/> may be called from several threads at once.</summary>
    internal interface IChunkJob
    {
        /// <summary>Processes one chunk; <paramref name="worker"/> (0 ≤ worker &lt; degree) owns per-worker scratch.</summary>
        void Run(int chunk, int worker);
    }

    /// <summary>
    /// A small fixed set of threads owned by one engine that share out chunk indices. Unlike Parallel.For it allocates
    /// nothing per call, so a forward pass allocates nothing at all. Which thread runs which chunk varies; callers
    /// keep per-chunk results and reduce them in chunk order, so results never depend on the schedule.
    /// </summary>
    internal sealed class ChunkRunner : IDisposable
    {
        private readonly int degree;
        // Monitor.Wait/PulseAll on a preallocated object: unlike the slim events, nothing is allocated lazily on the
        // first blocking wait, so even the first calls after warm-up allocate nothing.
        private readonly object sync = new();
        private Thread[]? threads;
        private IChunkJob? job;
        private int chunkCount;
        private int nextChunk;
        private int generation;
        private int pending;
        private ExceptionDispatchInfo? failure;
        private bool disposed;

        public ChunkRunner(int maxDegreeOfParallelism)
        {
            if (maxDegreeOfParallelism == -1)
            {
                maxDegreeOfParallelism = Environment.ProcessorCount;
            }

            if (maxDegreeOfParallelism < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Expected -1 (all processors) or a positive thread count.");
            }

            degree = maxDegreeOfParallelism;
        }

        /// <summary>The most threads (the caller included) that run chunks at once.</summary>
        public int Degree => degree;

        /// <summary>The worker threads started so far (tests check that they end).</summary>
        internal Thread[] WorkerThreads => threads ?? Array.Empty<Thread>();

        /// <summary>Runs chunks 0 … <paramref name="chunks"/>−1 of <paramref name="work"/> and returns when all are done.</summary>
        public void Run(IChunkJob work, int chunks)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (degree == 1 || chunks <= 1)
            {
                for (int i = 0; i < chunks; ++i)
                {
                    work.Run(i, 0);
                }

                return;
            }

            EnsureThreads();
            lock (sync)
            {
                job = work;
                chunkCount = chunks;
                nextChunk = 0;
                failure = null;
                pending = threads!.Length;
                ++generation;
                Monitor.PulseAll(sync);
            }

            try
            {
                Work(0);
            }
            finally
            {
                lock (sync)
                {
                    while (pending > 0)
                    {
                        Monitor.Wait(sync);
                    }

                    job = null;
                }
            }

            failure?.Throw();
        }

        private void Work(int worker)
        {
            IChunkJob work = job!;
            int i;
            while ((i = Interlocked.Increment(ref nextChunk) - 1) < chunkCount)
            {
                work.Run(i, worker);
            }
        }

        private void EnsureThreads()
        {
            if (threads is not null)
            {
                return;
            }

            threads = new Thread[degree - 1];
            for (int t = 0; t < threads.Length; ++t)
            {
                int worker = t + 1;
                threads[t] = new Thread(() => Loop(worker)) { IsBackground = true, Name = "Ohem CPU worker " + worker };
                threads[t].Start();
            }
        }

        private void Loop(int worker)
        {
            int seen = 0;
            while (true)
            {
                lock (sync)
                {
                    while (generation == seen && !disposed)
                    {
                        Monitor.Wait(sync);
                    }

                    if (disposed)
                    {
                        return;
                    }

                    seen = generation;
                }

                try
                {
                    Work(worker);
                }
                catch (Exception ex)
                {
                    // Stop handing out chunks; the caller rethrows the first failure.
                    Interlocked.Exchange(ref nextChunk, int.MaxValue / 2);
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                }
                finally
                {
                    lock (sync)
                    {
                        if (--pending == 0)
                        {
                            Monitor.PulseAll(sync);
                        }
                    }
                }
            }
        }

        public void Dispose()
        {
            Thread[]? started;
            lock (sync)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                started = threads;
                Monitor.PulseAll(sync);
            }

            if (started is not null)
            {
                foreach (Thread t in started)
                {
                    t.Join();
                }
            }
        }
    }
}
