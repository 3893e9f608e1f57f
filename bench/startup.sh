#!/usr/bin/env bash
# Start-up time to the first answer, and resident memory once idle, for each way of running
# `tremolo serve`: dotnet run, the installed .NET tool, the self-contained single file, and
# (for reference only, not shipped; see docs/deployment.md) Native AOT when clang is present.
# Builds from `git archive HEAD` in a temp folder, so the work tree's bin/obj stay untouched.
# Usage: bash bench/startup.sh [RUNS]   (default 5; each figure is the median)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
port=18790
work=$(mktemp -d /tmp/tremolo-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

git archive HEAD | tar -x -C "$work"
mkdir -p "$work/app"
printf 'server: {port: %s}\nroutes:\n  - {path: /, body: ok}\n' "$port" > "$work/app/tremolo.yaml"

echo "building (Release) ..." >&2
(cd "$work" && dotnet build Tremolo.Server -c Release -o "$work/run" >/dev/null)
(cd "$work" && dotnet pack Tremolo.Server -c Release -o "$work/packages" >/dev/null)
NUGET_PACKAGES="$work/nuget" dotnet tool install --tool-path "$work/tool" --add-source "$work/packages" Tremolo.Server >/dev/null
(cd "$work" && dotnet publish Tremolo.Server -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o "$work/single" >/dev/null)
aot=""
if command -v clang >/dev/null; then
    (cd "$work" && dotnet publish Tremolo.Server -c Release -r linux-x64 -p:PublishAot=true -p:PackAsTool=false \
        -p:TreatWarningsAsErrors=false -o "$work/aot" >/dev/null 2>&1) && aot="$work/aot/tremolo"
fi

# One measurement: milliseconds from exec to the first 200, then VmRSS (KiB) after 2 s idle.
measure() {
    local start end rss pid
    start=$(date +%s%N)
    "$@" serve "$work/app/tremolo.yaml" >/dev/null 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1; do sleep 0.01; done
    end=$(date +%s%N)
    sleep 2
    # dotnet run: the server is the child of the SDK process.
    local server=$pid
    for child in $(pgrep -P "$pid" || true); do server=$child; done
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "$(( (end - start) / 1000000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

row() {
    local name=$1; shift
    local results
    results=$(for _ in $(seq "$runs"); do measure "$@"; done)
    printf '| %s | %s ms | %s MiB |\n' "$name" \
        "$(cut -d' ' -f1 <<<"$results" | median)" \
        "$(cut -d' ' -f2 <<<"$results" | median | awk '{printf "%.0f", $1/1024}')"
}

echo "| way of running | start-up to first answer | idle RSS |"
echo "|---|---|---|"
row "dotnet run (sources already built; it checks them)" dotnet run -c Release --project "$work/Tremolo.Server" --
row ".NET tool (tremolo on PATH)" "$work/tool/tremolo"
row "dotnet tremolo.dll" dotnet "$work/run/tremolo.dll"
row "self-contained single file" "$work/single/tremolo"
[ -n "$aot" ] && row "Native AOT (reference, not shipped)" "$aot"
