// The emulator's scheduler: a block's threads are fibers on the calling OS thread. Each fiber runs until it reaches
// __syncthreads or returns; when every fiber still running waits at the barrier, all of them go on (bar.sync counts
// arrivals, not call sites, and a thread that has returned no longer takes part). Blocks run one after another.
#include <ucontext.h>
#include <cstdio>
#include <cstdlib>
#include <sys/mman.h>

// dim3 and the declarations come from emu_cuda.h (g++ -include).
extern "C" { dim3 threadIdx, blockIdx, blockDim, gridDim; }

namespace
{
    enum class FiberState { Running, AtBarrier, Done };

    struct Fiber
    {
        ucontext_t context;
        FiberState state;
    };

    constexpr std::size_t StackBytes = 256 * 1024;
    constexpr int MaxThreads = 1024;

    ucontext_t scheduler;
    Fiber fibers[MaxThreads];
    char* stacks = nullptr;
    int current = 0;
    void (*entry)(void**) = nullptr;
    void** parameters = nullptr;
    int predicates[MaxThreads];

    void FiberMain()
    {
        entry(parameters);
        fibers[current].state = FiberState::Done;
        // uc_link returns to the scheduler.
    }

    void Yield()
    {
        fibers[current].state = FiberState::AtBarrier;
        swapcontext(&fibers[current].context, &scheduler);
    }

    void RunBlock(int threads)
    {
        for (int t = 0; t < threads; ++t)
        {
            Fiber& f = fibers[t];
            getcontext(&f.context);
            f.context.uc_stack.ss_sp = stacks + (static_cast<std::size_t>(t) * StackBytes);
            f.context.uc_stack.ss_size = StackBytes;
            f.context.uc_link = &scheduler;
            makecontext(&f.context, FiberMain, 0);
            f.state = FiberState::Running;
        }

        for (;;)
        {
            bool alive = false;
            for (int t = 0; t < threads; ++t)
            {
                if (fibers[t].state != FiberState::Running)
                {
                    continue;
                }

                current = t;
                threadIdx = dim3{ static_cast<unsigned>(t), 0, 0 };
                swapcontext(&scheduler, &fibers[t].context);
            }

            for (int t = 0; t < threads; ++t)
            {
                if (fibers[t].state == FiberState::AtBarrier)
                {
                    fibers[t].state = FiberState::Running;
                    alive = true;
                }
            }

            if (!alive)
            {
                return;
            }
        }
    }
}

extern "C" void emu_syncthreads(void) { Yield(); }

extern "C" unsigned emu_ballot(unsigned mask, int predicate)
{
    // The kernels call __ballot_sync with every thread of the block, so two block barriers stand in for the warp's.
    predicates[current] = predicate != 0;
    Yield();
    int warp = current / 32;
    unsigned ballot = 0;
    for (int lane = 0; lane < 32; ++lane)
    {
        ballot |= static_cast<unsigned>(predicates[(warp * 32) + lane]) << lane;
    }

    Yield();
    return ballot & mask;
}

extern "C" int emu_launch(void (*kernel)(void**), void** params, unsigned grid, unsigned block)
{
    if (block == 0 || block > MaxThreads || block % 32 != 0)
    {
        std::fprintf(stderr, "emu_launch: block of %u threads is not supported\n", block);
        return 1;
    }

    if (stacks == nullptr)
    {
        void* memory = mmap(nullptr, StackBytes * MaxThreads, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (memory == MAP_FAILED)
        {
            return 2;
        }

        stacks = static_cast<char*>(memory);
    }

    entry = kernel;
    parameters = params;
    gridDim = dim3{ grid, 1, 1 };
    blockDim = dim3{ block, 1, 1 };
    for (unsigned b = 0; b < grid; ++b)
    {
        blockIdx = dim3{ b, 0, 0 };
        RunBlock(static_cast<int>(block));
    }

    return 0;
}
