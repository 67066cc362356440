#!/usr/bin/env bash
# The GC's knobs as interleaved pairs (docs/PERFORMANCE.md, round 11): for each variant, A B A B ...
# where A is the build as it is and B the same build with the variant's environment variables.
# One bench process per run, one run at a time; each run's JSON is kept in OUT.
#
#   scripts/gc-knobs.sh OUT DLL SIZE TICKS ROUNDS VARIANT...
#   VARIANT = name=ENV1=v1,ENV2=v2   (e.g. gen0-64m=DOTNET_GCgen0size=0x4000000)
#
# DLL is a built orleansgov.dll (copy the build out first, so a rebuild cannot change it mid-run).
# Stress runs take 4-5 GB each: the script waits for 7 GB of free memory before each run.
set -euo pipefail
out=$1 dll=$2 size=$3 ticks=$4 rounds=$5
shift 5
mkdir -p "$out"

wait_for_memory() {
    while (( $(awk '/MemAvailable/ {print int($2 / 1048576)}' /proc/meminfo) < 7 )); do
        echo "$(date -u +%T) waiting for 7 GB free" >&2
        sleep 20
    done
}

run() { # run NAME ROUND ENV...
    local name=$1 round=$2
    shift 2
    wait_for_memory
    echo "$(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) $name round $round" >&2
    env "$@" dotnet "$dll" bench --sizes "$size" --engines orleans --ticks "$ticks" \
        --json "$out/$name-$round.json" > "$out/$name-$round.txt" 2>&1 || echo "$name round $round failed" >&2
}

for variant in "$@"; do
    name=${variant%%=*}
    IFS=, read -r -a vars <<< "${variant#*=}"
    for ((r = 1; r <= rounds; r++)); do
        run "A-for-$name" "$r" ORLEANSGOV_GC_VARIANT=A
        run "$name" "$r" "${vars[@]}"
    done
done
