#!/usr/bin/env bash
# Proves the Ohem package alone is enough: packs the solution (one library package, Ohem), then, outside the
# repository with a fresh NuGet cache, a new console app that references only Ohem builds (the generator runs
# from analyzers/) and prints values that come from the generated code; a second app with Thresh = 1.5 must fail
# its build with OHEM0005. Exits non-zero and says what failed otherwise.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ohem-smoke.XXXXXX")
if [ "${OHEM_SMOKE_KEEP:-0}" = "1" ]; then
    echo "package-smoke: keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# A cache of our own: a stale Ohem 0.1.0 from an earlier pack must never be restored instead of this one.
export NUGET_PACKAGES="$work/nuget-packages"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() {
    echo "package-smoke: FAIL: $1" >&2
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        echo "---- last lines of $(basename "$2") ----" >&2
        tail -n 60 "$2" >&2
    fi
    exit 1
}

step() { echo "package-smoke: $1"; }

# 1. Pack: one library package, the right files, no dependencies.
step "packing $repo/Ohem.sln"
dotnet pack "$repo/Ohem.sln" -c Release -o "$work/feed" -m:1 -nologo -v q >"$work/pack.log" 2>&1 \
    || fail "dotnet pack failed" "$work/pack.log"
# The library package is Ohem alone; a dotnet tool package (the ohem CLI) may sit beside it, nothing else.
version=""
others=()
for nupkg in "$work/feed"/*.nupkg; do
    [ -e "$nupkg" ] || continue
    name=$(basename "$nupkg")
    case "$name" in
        Ohem.[0-9]*.nupkg) version=${name#Ohem.}; version=${version%.nupkg}; package=$nupkg ;;
        *) others+=("$nupkg") ;;
    esac
done
[ -n "$version" ] || fail "dotnet pack produced no Ohem.<version>.nupkg (got: $(cd "$work/feed" && ls | tr '\n' ' '))"
for other in "${others[@]}"; do
    /usr/bin/python3 - "$other" <<'PY' || fail "only Ohem may be a library package; $(basename "$other") is another (set IsPackable=false, or make it a dotnet tool)"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
nuspec = next(n for n in z.namelist() if n.endswith(".nuspec") and "/" not in n)
sys.exit(0 if 'packageType name="DotnetTool"' in z.read(nuspec).decode("utf-8") else 1)
PY
    step "also packed the tool $(basename "$other")"
done
packages=("$package")

/usr/bin/python3 - "${packages[0]}" <<'PY' || fail "package contents are wrong (see above)"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
problems = []
for required in ("analyzers/dotnet/cs/Ohem.Generator.dll", "lib/net10.0/Ohem.Runtime.dll", "lib/net10.0/Ohem.Attributes.dll"):
    if required not in names:
        problems.append("missing " + required)
for name in sorted(names):
    if name.startswith("lib/") and name.endswith("Ohem.Generator.dll"):
        problems.append("the generator must not be in lib/: " + name)
nuspec = z.read("Ohem.nuspec").decode("utf-8")
if "<dependency " in nuspec:
    problems.append("the package must have no dependencies: " + ", ".join(re.findall(r'<dependency id="([^"]+)"', nuspec)))
for p in problems:
    print("package-smoke:   " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
step "packed $(basename "$package") (generator in analyzers/dotnet/cs, runtime and attributes in lib/net10.0, no dependencies)"

# 2. Consumers outside the repository: nothing of the repo's build settings applies to them.
cat >"$work/Directory.Build.props" <<'XML'
<Project />
XML
cat >"$work/Directory.Build.targets" <<'XML'
<Project />
XML
cat >"$work/Directory.Packages.props" <<'XML'
<Project />
XML
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="ohem-local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="ohem-local">
      <package pattern="Ohem" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
XML

make_app() {
    local dir=$1 attribute=$2
    mkdir -p "$dir"
    cat >"$dir/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Ohem" Version="$version" />
  </ItemGroup>
</Project>
XML
    cat >"$dir/Program.cs" <<CS
using System.Globalization;
using Ohem;

Console.WriteLine("ThreshLoss=" + CityscapesOhem.ThreshLoss.ToString("R", CultureInfo.InvariantCulture));
Console.WriteLine("KernelNames.Count=" + CityscapesOhem.KernelNames.Count.ToString(CultureInfo.InvariantCulture));
Console.WriteLine("SpecHash=" + CityscapesOhem.SpecHash);
Console.WriteLine("CudaSourceMatchesRuntime=" + (CityscapesOhem.CudaSource == OhemCudaEmitter.Emit(CityscapesOhem.Spec)));

// The README's quick start, as written there.
var shape = new OhemShape(N: 2, C: 19, H: 256, W: 512);
var logits = new float[shape.Logits];
var labels = new long[shape.Pixels];
var gradient = new float[shape.Logits];
var rng = new Random(1);
for (int i = 0; i < logits.Length; i++) logits[i] = (float)(rng.NextDouble() * 4 - 2);
for (int i = 0; i < labels.Length; i++) labels[i] = rng.Next(20) == 0 ? 255 : rng.Next(19);

using var loss = new CityscapesOhem();
OhemResult r = loss.Forward(logits, labels, shape);
loss.Backward(logits, labels, shape, gradient);
Console.WriteLine(\$"loss {r.Loss} over {r.Kept} pixels ({r.Rule}) on {r.Backend}");

$attribute
public partial class CityscapesOhem;
CS
}

step "building a fresh console app that references Ohem $version"
make_app "$work/good" "[OhemLoss(Thresh = 0.7, NMin = 100_000, IgnoreLabel = 255, NumClasses = 19)]"
dotnet build "$work/good" -c Release -nologo >"$work/good-build.log" 2>&1 \
    || fail "the consumer app did not build against the package" "$work/good-build.log"
# The restored package must be the one just packed, byte for byte (NuGet records its SHA-512).
restored="$NUGET_PACKAGES/ohem/$version/ohem.$version.nupkg.sha512"
packed_sha=$(/usr/bin/python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "${packages[0]}")
[ -f "$restored" ] && [ "$(cat "$restored")" = "$packed_sha" ] \
    || fail "the consumer did not restore the freshly packed Ohem $version (expected $restored with the pack's SHA-512)"
dotnet run --project "$work/good" -c Release --no-build >"$work/good-run.log" 2>&1 \
    || fail "the consumer app did not run" "$work/good-run.log"
cat "$work/good-run.log"
expect_line() {
    grep -qx "$1" "$work/good-run.log" || fail "expected the line '$1' in the app's output" "$work/good-run.log"
}
expect_line "ThreshLoss=0.35667497"
expect_line "KernelNames.Count=8"
expect_line "CudaSourceMatchesRuntime=True"
grep -qE '^loss [0-9.]+ over [0-9]+ pixels \((AboveThreshold|TopNMin)\) on (Cpu|Cuda)$' "$work/good-run.log" \
    || fail "the README's quick start did not print a loss" "$work/good-run.log"
grep -qE '^SpecHash=[0-9a-f]{16}$' "$work/good-run.log" || fail "expected a 16-digit SpecHash" "$work/good-run.log"
step "the app ran: generated constants and CUDA source are present"

step "building a console app with Thresh = 1.5 (must fail with OHEM0005)"
make_app "$work/bad" "[OhemLoss(Thresh = 1.5, NMin = 100_000, IgnoreLabel = 255, NumClasses = 19)]"
if dotnet build "$work/bad" -c Release -nologo >"$work/bad-build.log" 2>&1; then
    fail "the build with Thresh = 1.5 succeeded; expected error OHEM0005" "$work/bad-build.log"
fi
grep -q "error OHEM0005" "$work/bad-build.log" || fail "the build failed, but without error OHEM0005" "$work/bad-build.log"
grep -q "Thresh is 1.5, but it is a probability and must be in (0, 1\]" "$work/bad-build.log" \
    || fail "OHEM0005 was reported without the expected message" "$work/bad-build.log"
grep -m1 "error OHEM0005" "$work/bad-build.log"
step "PASS: Ohem $version packs as one package, builds and runs a consumer, and rejects Thresh = 1.5"
