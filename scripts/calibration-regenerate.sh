#!/usr/bin/env bash
# Regenerates the committed calibration results (docs/CALIBRATION.md, "Committed results"):
#   1. the patterns checked at the model's defaults        → docs/calibration/patterns-defaults/
#   2. the ABC-SMC calibration of the three provinces       → docs/calibration/three-provinces/
#   3. the claims as probabilities over its posterior       → docs/claims/posterior.md, posterior.csv, posterior-draws.csv
# The simulations go to results/ (about 1 GB; not committed); only tables, reports and plots are copied
# into docs/. Each step resumes where it stopped when the script is run again (same inputs).
# Usage: scripts/calibration-regenerate.sh [PARALLEL] [DRAWS] [REPLICATES]   (defaults 2, 40, 2; 40 draws = the posterior's N)
# Sobol indices for "decided by": set SOBOL=<sensitivity folder with indices.csv>.
# ONLY=patterns regenerates step 1 alone (5 runs, under a minute); ONLY=claims step 3 alone, over the committed
# posterior in docs/calibration/three-provinces (after a new Sobol analysis: its "decided by"; 1,152 runs).
set -euo pipefail
cd "$(dirname "$0")/.."
parallel="${1:-2}"; draws="${2:-40}"; replicates="${3:-2}"
og=(dotnet run --project Client -c Release --no-build --)
dotnet build Client/Client.csproj -c Release -v quiet

resume() { if [ -d "$1" ]; then echo --resume; fi; }

dest=docs/calibration/three-provinces
if [ "${ONLY:-}" != claims ]; then
"${og[@]}" patterns scenarios/patterns/three-provinces-calendar.yaml --patterns scenarios/patterns/patterns.yaml \
  --replicates 5 --parallel "$parallel" --out results/patterns-defaults $(resume results/patterns-defaults) -q
mkdir -p docs/calibration/patterns-defaults
mkdir -p docs/calibration/patterns-defaults/plots
cp results/patterns-defaults/{report.md,patterns.csv,replicates.csv,patterns.yaml,patterns-plan.json} docs/calibration/patterns-defaults/
cp results/patterns-defaults/plots/patterns.png docs/calibration/patterns-defaults/plots/
if [ "${ONLY:-}" = patterns ]; then echo "regenerated: docs/calibration/patterns-defaults/"; exit 0; fi

"${og[@]}" calibrate scenarios/experiments/calibration-three-provinces.yaml --parallel "$parallel" \
  --out results/calibration-three-provinces $(resume results/calibration-three-provinces) -q
mkdir -p "$dest/plots" "$dest/predictive/plots"
src=results/calibration-three-provinces
cp "$src"/{report.md,posterior.csv,posterior-summary.csv,generations.csv,calibration.yaml,patterns.yaml,calibration-plan.json} "$dest/"
cp "$src"/plots/*.png "$dest/plots/"
cp "$src"/predictive/{patterns.csv,replicates.csv} "$dest/predictive/"
cp "$src"/predictive/plots/patterns.png "$dest/predictive/plots/"
for g in "$src"/gen-*; do mkdir -p "$dest/$(basename "$g")"; cp "$g/particles.csv" "$dest/$(basename "$g")/"; done
fi

sobol=()
SOBOL="${SOBOL:-docs/sensitivity/sobol}"
if [ -f "$SOBOL/indices.csv" ]; then sobol=(--sensitivity "$SOBOL"); fi
"${og[@]}" claims scenarios/experiments/claims.yaml --posterior "$dest" --draws "$draws" --replicates "$replicates" \
  "${sobol[@]}" --parallel "$parallel" --out results/claims-posterior $(resume results/claims-posterior) -q
cp results/claims-posterior/{posterior.md,posterior.csv,posterior-draws.csv,posterior.png} docs/claims/
if [ "${ONLY:-}" = claims ]; then echo "regenerated: docs/claims/posterior.md"; exit 0; fi
echo "regenerated: docs/calibration/ and docs/claims/posterior.md"
