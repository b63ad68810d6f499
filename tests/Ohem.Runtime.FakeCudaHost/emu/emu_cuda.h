// The CUDA C that Ohem emits, compiled by g++ and run on one CPU thread: each CUDA thread of a block is a fiber
// (ucontext) that runs until __syncthreads, and the block moves on when every live thread has arrived, as bar.sync
// does. For the fake driver's emulation mode (fake_cuda.c): it checks the kernels' logic (indexing, selection,
// reductions, host launch sequence) against the CPU engine without a GPU. It says nothing about what NVRTC and the
// hardware do with the text (compiler reordering, memory model, timing): that needs a device.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(n)
#define __restrict__ __restrict
#define __shared__ static
#define __constant__ static const

struct dim3 { unsigned x, y, z; };
extern "C" dim3 threadIdx, blockIdx, blockDim, gridDim;

extern "C" void emu_syncthreads(void);
extern "C" unsigned emu_ballot(unsigned mask, int predicate);
static inline void __syncthreads() { emu_syncthreads(); }
static inline unsigned __ballot_sync(unsigned mask, int predicate) { return emu_ballot(mask, predicate); }
static inline int __popc(unsigned v) { return __builtin_popcount(v); }

// One OS thread runs every fiber and switches only at barriers, so read-modify-write needs no atomics.
template <typename T, typename U> static inline T atomicAdd(T* p, U v) { T old = *p; *p = old + (T)v; return old; }
template <typename T, typename U> static inline T atomicMin(T* p, U v) { T old = *p; if ((T)v < old) *p = (T)v; return old; }

template <typename To, typename From> static inline To emu_bits(From v) { static_assert(sizeof(To) == sizeof(From)); To t; std::memcpy(&t, &v, sizeof t); return t; }
static inline float __uint_as_float(unsigned v) { return emu_bits<float>(v); }
static inline unsigned __float_as_uint(float v) { return emu_bits<unsigned>(v); }
static inline float __int_as_float(int v) { return emu_bits<float>(v); }
static inline int __float_as_int(float v) { return emu_bits<int>(v); }
static inline double __longlong_as_double(long long v) { return emu_bits<double>(v); }
static inline float __fmaf_rn(float a, float b, float c) { return std::fmaf(a, b, c); }

struct uint2 { unsigned x, y; };
struct uint4 { unsigned x, y, z, w; };
struct float4 { float x, y, z, w; };
struct float2 { float x, y; };


// Unpacks cuLaunchKernel's parameter array into the kernel's own parameter types.
template <typename... A, std::size_t... I>
static void emu_invoke_impl(void (*kernel)(A...), void** params, std::index_sequence<I...>)
{
    kernel(*static_cast<typename std::remove_reference<A>::type*>(params[I])...);
}

template <typename... A>
static void emu_invoke(void (*kernel)(A...), void** params)
{
    emu_invoke_impl(kernel, params, std::index_sequence_for<A...>{});
}

// The two PTX conversions the float16 texts use (cvt.f32.f16, cvt.rn.f16.f32: IEEE binary16, round to nearest even);
// EmulationScenario replaces each asm statement with these calls before the driver compiles the text.
static inline float emu_f16_to_f32(unsigned short h) { _Float16 v; std::memcpy(&v, &h, 2); return (float)v; }
static inline unsigned short emu_f32_to_f16(float f) { _Float16 v = (_Float16)f; unsigned short h; std::memcpy(&h, &v, 2); return h; }
