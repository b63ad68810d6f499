#!/usr/bin/env bash
# Builds the self-contained NativeAOT GPU check (no .NET needed where it runs) into out/gpucheck/, next to the
# PyTorch seed script and the device-side launcher, and checks here what can be checked without a GPU.
# Then, on the GPU machine, from the repository root:   scripts/gpu-check-device.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/Ohem.GpuCheck -c Release -r linux-x64 -o out/gpucheck -m:1 -nologo -clp:NoSummary
rm -f out/gpucheck/*.pdb out/gpucheck/*.xml out/gpucheck/*.dbg
cp scripts/seed_bench.py tests/oracle/seed.py out/gpucheck/
size=$(stat -c %s out/gpucheck/Ohem.GpuCheck)
echo "out/gpucheck/Ohem.GpuCheck: $((size / 1024 / 1024)) MB (limit 60 MB)"
[ "$size" -lt $((60 * 1024 * 1024)) ] || { echo "binary too large" >&2; exit 1; }
out/gpucheck/Ohem.GpuCheck --self-check
set +e
out/gpucheck/Ohem.GpuCheck --quick >/dev/null 2>out/gpucheck/no-gpu.txt
rc=$?
set -e
if [ "$rc" = 2 ]; then echo "without a GPU it stops cleanly (exit 2): $(cat out/gpucheck/no-gpu.txt)"; fi
rm -f out/gpucheck/no-gpu.txt
echo "on the GPU machine: scripts/gpu-check-device.sh   (carries out/gpucheck)"
