/* A fake CUDA driver for testing the engine's host side without a GPU: "device memory" is host memory, kernels
 * are not run but every launch is logged with its decoded parameters (OHEM_FAKE_CUDA_LOG), and the reset and
 * decide kernels write just enough of the state for a result to come back. Build: gcc -shared -fPIC -o libfakecuda.so
 * fake_cuda.c -ldl.
 *
 * Emulation mode (OHEM_FAKE_CUDA_EMULATE=<dir>, OHEM_FAKE_CUDA_EMU_SOURCES=<emu/ folder>): the kernels do run. The
 * caller leaves each spec's CUDA C in <dir>/<hash>.cu (the hash that ends its kernel names); the first
 * cuModuleGetFunction of that hash compiles it with g++ and emu/emu_cuda.h into a library in <dir>, and every launch
 * runs the kernel there, one fiber per CUDA thread (emu/emu_runtime.cpp). */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
static long live_allocations = 0;
static int context_refs = 0;
static FILE *log_file = NULL;

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void log_line(const char *fmt, ...) {
    if (!log_file) {
        const char *path = getenv("OHEM_FAKE_CUDA_LOG");
        log_file = fopen(path ? path : "/dev/null", "w");
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file, fmt, ap);
    va_end(ap);
    fputc('\n', log_file);
    fflush(log_file);
}

long fake_cuda_live_allocations(void) { return live_allocations; }
int fake_cuda_context_refs(void) { return context_refs; }

CUresult cuInit(unsigned flags) { log_line("cuInit %u", flags); return 0; }
CUresult cuDriverGetVersion(int *v) { *v = 12040; return 0; }
CUresult cuDeviceGetCount(int *c) { *c = 1; return 0; }
CUresult cuDeviceGet(int *d, int ordinal) { if (ordinal != 0) return 101; *d = 0; return 0; }
CUresult cuDeviceGetAttribute(int *v, int attr, int dev) {
    (void)dev;
    switch (attr) { case 16: *v = 4; return 0; case 75: *v = 9; return 0; case 76: *v = 0; return 0; default: *v = 0; return 0; }
}
CUresult cuDeviceGetName(char *name, int len, int dev) { (void)dev; snprintf(name, (size_t)len, "Ohem fake device"); return 0; }
CUresult cuDevicePrimaryCtxRetain(void **ctx, int dev) { (void)dev; context_refs++; *ctx = (void *)0x1234; return 0; }
CUresult cuDevicePrimaryCtxRelease_v2(int dev) { (void)dev; context_refs--; return 0; }
CUresult cuCtxSetCurrent(void *ctx) { return ctx == (void *)0x1234 ? 0 : 201; }
CUresult cuCtxGetCurrent(void **ctx) { *ctx = (void *)0x1234; return 0; }
CUresult cuCtxSynchronize(void) { return 0; }
CUresult cuModuleLoadData(void **m, const void *image) { (void)image; *m = (void *)0x5678; return 0; }
CUresult cuModuleLoadDataEx(void **m, const void *image, unsigned n, int *opts, void **vals) {
    (void)n; (void)opts; (void)vals;
    const unsigned char *p = image;
    log_line("cuModuleLoadDataEx %s", p[0] == 0x7f && p[1] == 'E' ? "cubin" : "ptx");
    *m = (void *)0x5678;
    return 0;
}
CUresult cuModuleUnload(void *m) { log_line("cuModuleUnload"); (void)m; return 0; }
/* A function handle: its name first, so the logging can read the handle as a string. */
typedef struct {
    char name[128];
    void (*kernel)(void **);
    int (*launch)(void (*)(void **), void **, unsigned, unsigned);
} Function;

static const char *emulation_dir(void) { return getenv("OHEM_FAKE_CUDA_EMULATE"); }

static int file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Compiles <base>.cu (the kernels plus one parameter-unpacking entry emu_<kernel> each) into <base>.so. */
static int compile_emulated(const char *base, const char *source) {
    char path[4096], wrap[4096], command[16384];
    snprintf(path, sizeof path, "%s.cu", base);
    FILE *out = fopen(path, "w");
    if (!out) return 0;
    fputs(source, out);
    fclose(out);
    snprintf(wrap, sizeof wrap, "%s.wrap.cpp", base);
    out = fopen(wrap, "w");
    if (!out) return 0;
    fprintf(out, "#include \"%s\"\n", path);
    const char *marker = "__global__ void __launch_bounds__(OHEM_THREADS) ";
    for (const char *p = strstr(source, marker); p; p = strstr(p + 1, marker)) {
        const char *start = p + strlen(marker), *end = strchr(start, '(');
        if (!end) break;
        fprintf(out, "extern \"C\" void emu_%.*s(void **p) { emu_invoke(%.*s, p); }\n", (int)(end - start), start, (int)(end - start), start);
    }
    fclose(out);
    const char *sources = getenv("OHEM_FAKE_CUDA_EMU_SOURCES");
    if (!sources) sources = ".";
    snprintf(command, sizeof command,
             "g++ -std=c++17 -O1 -ffp-contract=off -fno-strict-aliasing -fPIC -shared -Wl,-Bsymbolic -w -include '%s/emu_cuda.h' "
             "-o '%s.so' '%s' '%s/emu_runtime.cpp' 2> '%s.log'",
             sources, base, wrap, sources, base);
    int rc = system(command);
    log_line("emulate: compiled %s rc=%d", base, rc);
    return rc == 0;
}

/* Finds the kernel's library: <dir>/<hash>.cu is the spec's text. Texts that differ only in the hash and in comments
 * (specs whose NMin the kernels read at run time) share one library, named by an FNV-1a hash of the rest. */
static CUresult load_emulated(const char *dir, const char *name, Function *function) {
    static char source[1 << 21];
    const char *hash = strrchr(name, '_') + 1;
    size_t hash_length = strlen(hash);
    char path[4096], base[4096], so[4096], symbol[256];
    snprintf(path, sizeof path, "%s/%s.cu", dir, hash);
    FILE *in = fopen(path, "rb");
    if (!in) { log_line("emulate: no source %s", path); return 300; /* CUDA_ERROR_INVALID_SOURCE */ }
    size_t n = fread(source, 1, sizeof source - 1, in);
    fclose(in);
    source[n] = 0;
    for (char *p = strstr(source, hash); p; p = strstr(p + hash_length, hash)) memset(p, 'e', hash_length);
    uint64_t fnv = 14695981039346656037ull;
    for (const char *line = source; *line;) {
        const char *next = strchr(line, '\n');
        size_t length = next ? (size_t)(next - line + 1) : strlen(line);
        const char *text = line;
        while (text < line + length && (*text == ' ' || *text == '\t')) text++;
        if (!(text[0] == '/' && text[1] == '/')) {
            for (size_t i = 0; i < length; i++) { fnv ^= (unsigned char)line[i]; fnv *= 1099511628211ull; }
        }
        line += length;
    }
    snprintf(base, sizeof base, "%s/n%016llx", dir, (unsigned long long)fnv);
    snprintf(so, sizeof so, "%s.so", base);
    if (!file_exists(so) && !compile_emulated(base, source)) return 300;
    void *library = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!library) { log_line("emulate: dlopen %s: %s", so, dlerror()); return 301; }
    snprintf(symbol, sizeof symbol, "emu_%.*s", (int)(hash - name), name);
    memset(symbol + strlen(symbol), 'e', hash_length);
    symbol[4 + (hash - name) + hash_length] = 0;
    function->kernel = (void (*)(void **))dlsym(library, symbol);
    function->launch = (int (*)(void (*)(void **), void **, unsigned, unsigned))dlsym(library, "emu_launch");
    if (!function->kernel || !function->launch) { log_line("emulate: %s not in %s", symbol, so); return 500; /* NOT_FOUND */ }
    return 0;
}

CUresult cuModuleGetFunction(void **f, void *m, const char *name) {
    (void)m;
    Function *function = calloc(1, sizeof(Function));
    snprintf(function->name, sizeof function->name, "%s", name);
    const char *dir = emulation_dir();
    if (dir) {
        CUresult rc = load_emulated(dir, name, function);
        if (rc != 0) { free(function); return rc; }
    }
    *f = function;
    return 0;
}

CUresult cuFuncGetAttribute(int *v, int attr, void *f) { (void)attr; (void)f; *v = 0; return 0; }
CUresult cuOccupancyMaxActiveBlocksPerMultiprocessor(int *blocks, void *f, int bs, size_t smem) { (void)f; (void)bs; (void)smem; *blocks = 2; return 0; }

CUresult cuMemAlloc_v2(uint64_t *p, size_t bytes) { *p = (uint64_t)(uintptr_t)calloc(1, bytes); live_allocations++; log_line("cuMemAlloc %zu", bytes); return 0; }
CUresult cuMemFree_v2(uint64_t p) { free((void *)(uintptr_t)p); live_allocations--; return 0; }
CUresult cuMemGetInfo_v2(size_t *free_, size_t *total) { *free_ = 1u << 30; *total = 1u << 31; return 0; }
CUresult cuMemcpyHtoD_v2(uint64_t d, const void *s, size_t n) { memcpy((void *)(uintptr_t)d, s, n); return 0; }
CUresult cuMemcpyDtoH_v2(void *d, uint64_t s, size_t n) { memcpy(d, (void *)(uintptr_t)s, n); return 0; }
CUresult cuMemcpyDtoD_v2(uint64_t d, uint64_t s, size_t n) { memcpy((void *)(uintptr_t)d, (void *)(uintptr_t)s, n); return 0; }
CUresult cuMemcpyHtoDAsync_v2(uint64_t d, const void *s, size_t n, void *st) { (void)st; memcpy((void *)(uintptr_t)d, s, n); return 0; }
CUresult cuMemcpyDtoHAsync_v2(void *d, uint64_t s, size_t n, void *st) { (void)st; memcpy(d, (void *)(uintptr_t)s, n); return 0; }
CUresult cuMemsetD8Async(uint64_t d, unsigned char v, size_t n, void *st) { (void)st; memset((void *)(uintptr_t)d, v, n); return 0; }
CUresult cuStreamSynchronize(void *st) { log_line("cuStreamSynchronize %p", st); return 0; }
CUresult cuEventCreate(void **e, unsigned f) { (void)f; *e = malloc(1); return 0; }
CUresult cuEventRecord(void *e, void *s) { (void)e; (void)s; return 0; }
CUresult cuEventSynchronize(void *e) { (void)e; return 0; }
CUresult cuEventElapsedTime(float *ms, void *a, void *b) { (void)a; (void)b; *ms = 1.0f; return 0; }
CUresult cuEventDestroy_v2(void *e) { free(e); return 0; }
CUresult cuGetErrorName(int r, const char **s) { *s = r == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : "CUDA_ERROR_FAKE"; return 0; }
CUresult cuGetErrorString(int r, const char **s) { (void)r; *s = "fake"; return 0; }

#define P(i) (*(uint64_t *)params[i])
#define I64(i) (*(int64_t *)params[i])
#define I32(i) (*(int32_t *)params[i])
/* OhemState offsets (the C# mirror's): bad_index 80, loss 88, threshold 92, rule 96, kept 16, valid 24. */
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned smem, void *stream, void **params, void **extra) {
    const char *name = f;
    (void)extra;
    char kind[32];
    const char *u = strrchr(name, '_');
    size_t k = (size_t)(u - name);
    memcpy(kind, name, k); kind[k] = 0;
    char head[128];
    snprintf(head, sizeof head, "launch %s grid=%u,%u,%u block=%u,%u,%u smem=%u stream=%p", kind, gx, gy, gz, bx, by, bz, smem, stream);
    const Function *function = f;
    if (function->launch) {
        log_line("%s emulated", head);
        return function->launch(function->kernel, params, gx, bx) == 0 ? 0 : 719; /* CUDA_ERROR_LAUNCH_FAILED */
    }
    if (!strcmp(kind, "ohem_reset")) {
        unsigned char *state = (unsigned char *)(uintptr_t)P(1);
        memset(state, 0, 128);
        *(uint64_t *)(state + 80) = ~0ull;
        log_line("%s hist=%llx state=%llx", head, (unsigned long long)P(0), (unsigned long long)P(1));
    } else if (!strcmp(kind, "ohem_forward")) {
        log_line("%s logits=%llx labels=%llx m=%lld plane=%lld c=%d loss=%llx partials=%llx hist1=%llx state=%llx", head,
                 (unsigned long long)P(0), (unsigned long long)P(1), (long long)I64(2), (long long)I64(3), I32(4),
                 (unsigned long long)P(5), (unsigned long long)P(6), (unsigned long long)P(7), (unsigned long long)P(8));
    } else if (!strcmp(kind, "ohem_decide")) {
        unsigned char *state = (unsigned char *)(uintptr_t)P(3);
        *(uint64_t *)(state + 16) = 42; *(uint64_t *)(state + 24) = 4000;
        *(float *)(state + 88) = 1.5f; *(float *)(state + 92) = 0.25f; *(uint32_t *)(state + 96) = 1;
        log_line("%s partials=%llx n=%d hist1=%llx state=%llx nmin=%lld pixels=%lld", head, (unsigned long long)P(0), I32(1),
                 (unsigned long long)P(2), (unsigned long long)P(3), (long long)I64(4), (long long)I64(5));
    } else if (!strcmp(kind, "ohem_refine")) {
        log_line("%s loss=%llx m=%lld partials=%llx hist=%llx state=%llx level=%d", head, (unsigned long long)P(0),
                 (long long)I64(1), (unsigned long long)P(2), (unsigned long long)P(3), (unsigned long long)P(4), I32(5));
    } else if (!strcmp(kind, "ohem_select")) {
        log_line("%s partials=%llx n=%d hist=%llx state=%llx level=%d", head, (unsigned long long)P(0), I32(1),
                 (unsigned long long)P(2), (unsigned long long)P(3), I32(4));
    } else if (!strcmp(kind, "ohem_tiecount")) {
        log_line("%s loss=%llx m=%lld tiles=%llx state=%llx", head, (unsigned long long)P(0), (long long)I64(1),
                 (unsigned long long)P(2), (unsigned long long)P(3));
    } else if (!strcmp(kind, "ohem_tiescan")) {
        log_line("%s tiles=%llx ntiles=%lld state=%llx", head, (unsigned long long)P(0), (long long)I64(1), (unsigned long long)P(2));
    } else if (!strcmp(kind, "ohem_combine")) {
        /* As the real combine: the mean of the images' losses, kept and valid summed, image 0's threshold, the Throw records. */
        unsigned char *images = (unsigned char *)(uintptr_t)P(0);
        unsigned char *total = (unsigned char *)(uintptr_t)P(3);
        int64_t n = I64(1);
        double sum = 0.0;
        uint64_t kept = 0, valid = 0, empty = ~0ull, fewest = 0, fewest_valid = ~0ull;
        for (int64_t i = 0; i < n; ++i) {
            uint64_t image_kept = *(uint64_t *)(images + (i * 128) + 16), image_valid = *(uint64_t *)(images + (i * 128) + 24);
            sum += *(float *)(images + (i * 128) + 88);
            kept += image_kept;
            valid += image_valid;
            if (empty == ~0ull && image_kept == 0) empty = (uint64_t)i;
            if (image_valid < fewest_valid) { fewest = (uint64_t)i; fewest_valid = image_valid; }
        }
        memset(total, 0, 128);
        *(uint64_t *)(total + 80) = ~0ull;
        *(uint64_t *)(total + 16) = kept; *(uint64_t *)(total + 24) = valid;
        *(float *)(total + 88) = (float)(sum / (double)n); *(float *)(total + 92) = *(float *)(images + 92);
        *(uint32_t *)(total + 96) = *(uint32_t *)(images + 96);
        /* The Throw knobs' records (k, remaining, ties_total), which the real combine writes only for those specs. */
        *(uint64_t *)(total + 48) = empty; *(uint64_t *)(total + 56) = fewest; *(uint64_t *)(total + 72) = fewest_valid;
        log_line("%s images=%llx n=%lld plane=%lld total=%llx", head, (unsigned long long)P(0), (long long)n, (long long)I64(2),
                 (unsigned long long)P(3));
    } else {
        /* The host passes the image count as an eleventh argument to every backward; only per-image kernels declare it. */
        float upstream = *(float *)(uintptr_t)P(8);
        log_line("%s logits=%llx labels=%llx m=%lld plane=%lld c=%d loss=%llx tiles=%llx state=%llx upstream=%g grad=%llx images=%lld", head,
                 (unsigned long long)P(0), (unsigned long long)P(1), (long long)I64(2), (long long)I64(3), I32(4),
                 (unsigned long long)P(5), (unsigned long long)P(6), (unsigned long long)P(7), upstream, (unsigned long long)P(9),
                 (long long)I64(10));
    }
    return 0;
}
