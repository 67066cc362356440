#!/usr/bin/env bash
# Load test of the dashboard's event streams (issue 14, item 11): starts `orleansgov dashboard` (Release)
# with an embedded silo, starts a `national` run from the API, lets it run TICKS ticks, then opens
# CONNECTIONS event streams to it from 125 loopback addresses for SECONDS (scripts/sse-load.cs) and prints
# the dashboard's memory and how fast it still answers. Everything runs on loopback and stops by itself.
# Usage: scripts/sse-load.sh [connections=1000] [seconds=30] [ticks=100] [extra dashboard options...]
# e.g.   scripts/sse-load.sh 1000 30 100 --max-streams 1000 --max-streams-per-client 16
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-1000}; seconds=${2:-30}; ticks=${3:-100}; shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d)
token=load-$RANDOM$RANDOM
pid=""
cleanup() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

dotnet build Client -c Release -v q -nologo >/dev/null
ORLEANSGOV_DASHBOARD_TOKEN=$token dotnet Client/bin/Release/net10.0/orleansgov.dll dashboard --port 0 --results "$work/results" "$@" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do grep -q "OrleansGov dashboard:" "$work/out" && break; sleep 0.2; done
url=$(sed -n 's|^OrleansGov dashboard: \(http://[^/]*\)/.*|\1|p' "$work/out")
[ -n "$url" ] || { echo "the dashboard did not start:"; cat "$work/err"; exit 1; }
run=$(curl -sf -X POST -H "X-OrleansGov-Token: $token" -H 'Content-Type: application/json' \
  -d '{"preset":"national","ticks":100000}' "$url/api/runs" | sed -n 's/.*"run_id":"\([^"]*\)".*/\1/p')
echo "dashboard $url (pid $pid), run $run; waiting for $ticks ticks"
while :; do
  done_ticks=$(curl -sf "$url/api/runs/$run" | sed -n 's/.*"ticks_done":\([0-9]*\).*/\1/p')
  [ "${done_ticks:-0}" -ge "$ticks" ] && break; sleep 1
done
echo "uptime: $(uptime)"
dotnet run scripts/sse-load.cs -- "$url" "$run" "$pid" "$connections" 125 "$seconds"
echo "run $run reached tick $(curl -sf "$url/api/runs/$run" | sed -n 's/.*"ticks_done":\([0-9]*\).*/\1/p') (it kept running under the load)"
