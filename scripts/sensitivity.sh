#!/usr/bin/env bash
# Regenerates the committed sensitivity analyses in docs/sensitivity/ (docs/SENSITIVITY.md, "The committed
# analyses"): the Morris screening over every parameter for the contrasts of claims C1–C8, then the Sobol
# analysis over the parameters it found most influential. Runs at low priority with 2 runs at a time on the
# reference engine; resumable (run it again after an interruption). Results (without the run folders) are
# copied to docs/sensitivity/. Between the two, scripts/sensitivity-select.py prints each claim's most
# influential parameters and the union of each claim's top 2, at most 10 — the ranges of sensitivity-sobol.yaml; if a
# new screening ranks others, edit that file's ranges (the script does not rewrite it).
# Usage: scripts/sensitivity.sh [RESULTS_DIR]   (default results/)
set -euo pipefail
cd "$(dirname "$0")/.."
results="${1:-results}"
dotnet build Client -c Release -nologo -v quiet
cli=(dotnet run --project Client -c Release --no-build --)

for name in morris sobol; do
  out="$results/sensitivity-$name"
  resume=()
  [ -f "$out/sensitivity.json" ] && resume=(--resume)
  nice -n 10 "${cli[@]}" sensitivity "scenarios/experiments/sensitivity-$name.yaml" --engine reference --parallel 2 --out "$out" "${resume[@]}"
  dest="docs/sensitivity/$name"
  rm -rf "$dest" && mkdir -p "$dest/plots"
  cp "$out"/{sensitivity.json,sensitivity.yaml,indices.csv,outputs.csv,report.md} "$dest/"
  cp "$out"/plots/*.png "$dest/plots/"
  if [ "$name" = morris ]; then python3 scripts/sensitivity-select.py "$out" scenarios/experiments/claims.yaml 2 10; fi
done
echo "docs/sensitivity/ updated"
