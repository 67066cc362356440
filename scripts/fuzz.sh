#!/usr/bin/env bash
# Coverage-guided fuzzing of the scenario, experiment and claims parsers with AFL++ (Debian's afl++)
# through SharpFuzz (docs/RELIABILITY.md). Not part of CI: the test suite runs the same targets as
# property tests (tests/OrleansGov.Tests/Fuzzing). Usage:
#
#   scripts/fuzz.sh TARGET [SECONDS] [WORKDIR]      TARGET: scenario | experiment | claims
#
# Builds tests/OrleansGov.Fuzz, instruments OrleansGov's own assemblies and YamlDotNet with the
# sharpfuzz tool, seeds the corpus with the shipped files, runs afl-fuzz for SECONDS (default 1200),
# then replays every crash and hang it saved and prints the exception each one raises.
# Findings stay in WORKDIR (default /tmp/orleansgov-fuzz/TARGET): findings/default/{crashes,hangs,queue}.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh scenario|experiment|claims [SECONDS] [WORKDIR]}"
seconds="${2:-1200}"
work="${3:-/tmp/orleansgov-fuzz/$target}"
case "$target" in scenario|experiment|claims) ;; *) echo "unknown target '$target'" >&2; exit 2 ;; esac
mkdir -p "$work"

if ! command -v afl-fuzz >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y afl++
fi
tools="$work/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0
fi

bin="$work/bin"
rm -rf "$bin"
dotnet publish tests/OrleansGov.Fuzz -c Release -o "$bin" >/dev/null
# An uninstrumented copy replays findings (instrumented code needs afl-fuzz's shared memory).
rm -rf "$work/plain" && cp -r "$bin" "$work/plain"
for dll in OrleansGov.Grains.dll orleansgov.dll YamlDotNet.dll; do
  "$tools/sharpfuzz" "$bin/$dll"
done

# Seeds: the shipped files of the target's kind, their base scenario renamed to the harness's base.yaml.
seeds="$work/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
case "$target" in
  scenario) cp scenarios/*.yaml "$seeds/" ;;
  experiment)
    for f in scenarios/experiments/modes.yaml scenarios/experiments/three-provinces.yaml; do
      sed -E 's|^scenario: .*|scenario: base.yaml|' "$f" > "$seeds/$(basename "$f")"
    done ;;
  claims) sed -E 's|^scenario: .*|scenario: base.yaml|' scenarios/experiments/claims.yaml > "$seeds/claims.yaml" ;;
esac

# A dictionary of the keys and words the parsers know, so mutations get past "unknown key".
dict="$work/yaml.dict"
{
  grep -hoE '"[a-z][a-z0-9.-]{1,30}"' Grains/Scenarios/*.cs Client/Experiments/ExperimentParser.cs \
      Client/Claims/ClaimsParser.cs Client/Experiments/ScenarioParameters.cs \
    | sort -u | awk '{ printf "kw%d=%s\n", NR, $0 }'
  n=0
  for t in ': ' '- ' '{ ' ' }' '[' ']' '&a ' '*a' '!!str ' '? ' '---' '...' '|' '>' '~' 'null' 'true' '1e309' '-0' '0x10' '.inf'; do
    n=$((n + 1)); printf 'tok%d="%s"\n' "$n" "$t"
  done
} > "$dict"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
rm -rf "$work/findings"
echo "fuzzing $target for $seconds s in $work"
nice -n 10 afl-fuzz -V "$seconds" -i "$seeds" -o "$work/findings" -x "$dict" -t 10000 -m none \
  -- dotnet "$bin/OrleansGov.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 || true

stats="$work/findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|edges_found)' "$stats"
else
  tail -20 "$work/afl.log"
fi
# Replay what was saved, one input per process: the exception names the bug.
for kind in crashes hangs; do
  for f in "$work/findings/default/$kind"/id:*; do
    [ -e "$f" ] || continue
    echo "== $kind: $f"
    timeout 30 dotnet "$work/plain/OrleansGov.Fuzz.dll" "$target" "$f" 2>&1 | head -5 || echo "(timed out or crashed: exit $?)"
  done
done
