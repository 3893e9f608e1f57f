#!/usr/bin/env bash
# Runs Http11Probe (github.com/MDA2AV/Http11Probe, an HTTP/1.1 RFC 9110/9112 compliance and
# smuggling tester) against `tremolo serve tools/http11probe/probe.yaml` on loopback.
# Usage: tools/http11probe/run.sh [probe checkout] [extra probe args...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
probe="${1:-/tmp/Http11Probe}"
shift || true
port="${PROBE_PORT:-18080}"

if [ ! -d "$probe/src/Http11Probe.Cli" ]; then
    git clone --depth 1 https://github.com/MDA2AV/Http11Probe "$probe"
fi
# The CLI pins a System.CommandLine beta whose entry point was renamed in 2.0.0 (what NuGet resolves).
sed -i 's/var config = new CommandLineConfiguration(rootCommand);/var config = rootCommand.Parse(args);/; s/return await config.InvokeAsync(args);/return await config.InvokeAsync();/' \
    "$probe/src/Http11Probe.Cli/Program.cs"
dotnet build -c Release "$probe/src/Http11Probe.Cli" >/dev/null

dotnet build "$repo/Tremolo.sln" >/dev/null
dotnet "$repo/Tremolo.Server/bin/Debug/net10.0/tremolo.dll" serve "$here/probe.yaml" --port "$port" &
server=$!
trap 'kill $server' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; done

dotnet "$probe/src/Http11Probe.Cli/bin/Release/net10.0/Http11Probe.Cli.dll" --host 127.0.0.1 --port "$port" "$@"
