#!/usr/bin/env bash
# Runs the GPU check on a machine with an NVIDIA GPU, CUDA driver, python3 + torch (no .NET): finds NVRTC
# (system, CUDA toolkit, or the pip wheel that PyTorch installs) and runs out/gpucheck/Ohem.GpuCheck.
# Extra arguments go to the program (e.g. --quick, --iterations 50).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${OHEM_NVRTC_LIBRARY:-}" ]; then
  lib=$(ldconfig -p 2>/dev/null | awk '/libnvrtc\.so\.[0-9]/ {print $NF}' | sort -V | tail -1 || true)
  if [ -z "$lib" ]; then
    lib=$(ls /usr/local/cuda/lib64/libnvrtc.so.* 2>/dev/null | grep -v builtins | sort -V | tail -1 || true)
  fi
  if [ -z "$lib" ]; then
    lib=$(python3 - <<'PY' 2>/dev/null || true
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
hits = []
for r in roots:
    hits += glob.glob(os.path.join(r, "nvidia", "cuda_nvrtc", "lib", "libnvrtc.so.*"))
    hits += glob.glob(os.path.join(r, "torch", "lib", "libnvrtc*.so*"))
hits = [h for h in hits if "builtins" not in h]
print(sorted(hits)[-1] if hits else "")
PY
)
  fi
  if [ -n "$lib" ]; then
    export OHEM_NVRTC_LIBRARY="$lib"
    export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
echo "NVRTC: ${OHEM_NVRTC_LIBRARY:-default search}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
exec out/gpucheck/Ohem.GpuCheck --script out/gpucheck/seed_bench.py "$@"
