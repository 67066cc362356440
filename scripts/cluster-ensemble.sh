#!/usr/bin/env bash
# Ensembles over the cluster, measured (docs/PERFORMANCE.md "Ensembles over the cluster"): the same
# batch (default: three-provinces, 2 arms × 20 replicates × 260 ticks, reference engine) locally and
# on 1, 2, 3 namespace silos (scripts/cluster.sh); prints runs per minute, the runs per silo, and
# whether every table equals the local batch's byte for byte. Needs root, redis-server and a Release build.
#   scripts/cluster-ensemble.sh [SILO-COUNTS…]     default: 1 2 3
# Environment: ORLEANSGOV_ENSEMBLE_SCENARIO (default three-provinces; national makes each run ~10× heavier),
# ORLEANSGOV_ENSEMBLE_REPLICATES (per arm, default 20), ORLEANSGOV_ENSEMBLE_TICKS (default 260),
# ORLEANSGOV_ENSEMBLE_SCOPES (the scopes kept, default "nation, guizhou, chongqing, guangxi": the scenario must have them).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${ORLEANSGOV_ENSEMBLE_OUT:-/tmp/orleansgov-ensemble}"
export ORLEANSGOV_CLUSTER_STATE="${ORLEANSGOV_CLUSTER_STATE:-$out/cluster-state}"
scenario="${ORLEANSGOV_ENSEMBLE_SCENARIO:-three-provinces}"
replicates="${ORLEANSGOV_ENSEMBLE_REPLICATES:-20}"
ticks="${ORLEANSGOV_ENSEMBLE_TICKS:-260}"
scopes="${ORLEANSGOV_ENSEMBLE_SCOPES:-nation, guizhou, chongqing, guangxi}"
runs=$((2 * replicates))
counts=("${@:-1 2 3}"); read -r -a counts <<<"${counts[*]}"
cli() { dotnet "$here/Client/bin/Release/net10.0/orleansgov.dll" "$@"; }
rm -rf "$out"; mkdir -p "$out"
cat >"$out/ensemble.yaml" <<YAML
name: ensemble
scenario: $scenario
ticks: $ticks
seed: 2024
replicates: $replicates
factors:
  mode: [authority, collaborative]
baseline: authority
keep:
  metrics: [cloud_adoption, leader_attention, platform_readiness]
  scopes: [$scopes]
YAML
trap '"$here/scripts/cluster.sh" down >/dev/null 2>&1 || true' EXIT
rate() { awk -v s="$1" -v n="$runs" 'BEGIN { printf "%.1f", n * 60 / s }'; }
echo "ensemble: $scenario, 2 arms × $replicates replicates = $runs runs × $ticks ticks, reference engine"
uptime
start=$(date +%s.%N); cli batch "$out/ensemble.yaml" --out "$out/local" --engine reference --parallel 2 --quiet >/dev/null
local_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "local (in-process, --parallel 2): ${local_s}s, $(rate "$local_s") runs/min"
for n in "${counts[@]}"; do
  "$here/scripts/cluster.sh" up "$n" >/dev/null
  eval "$("$here/scripts/cluster.sh" env)"
  start=$(date +%s.%N)
  cli batch "$out/ensemble.yaml" --out "$out/silos-$n" --engine reference --cluster "$ORLEANSGOV_CLUSTER" --quiet >/dev/null
  s=$(echo "$(date +%s.%N) - $start" | bc)
  same=yes
  for t in runs.csv series.csv comparison.csv report.md; do cmp -s "$out/local/$t" "$out/silos-$n/$t" || same="NO ($t)"; done
  for m in "$out"/local/runs/*/metrics.csv; do cmp -s "$m" "$out/silos-$n/runs/$(basename "$(dirname "$m")")/metrics.csv" || same="NO ($m)"; done
  per=$(tail -n +2 "$out/silos-$n/placement.csv" | awk -F, '$5=="completed" { c[$3]++ } END { for (s in c) printf "%s:%d ", s, c[s] }')
  echo "$n silo(s): ${s}s, $(rate "$s") runs/min; runs per silo: $per; tables identical to local: $same"
  "$here/scripts/cluster.sh" down >/dev/null
done
