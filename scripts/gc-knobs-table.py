#!/usr/bin/env python3
"""Tabulates scripts/gc-knobs.sh's runs (OUT/*.json) as markdown rows, in the order they ran."""
import json, os, sys

out = sys.argv[1]
runs = sorted((f for f in os.listdir(out) if f.endswith(".json")), key=lambda f: os.path.getmtime(os.path.join(out, f)))
print("| run | load start → end | wall s | CPU s | a-t/s | a-t per CPU s | tick 0 s | med ms | p90 ms | max ms | GCs after tick 0 (0/1/2) | pause s | B/agent | alloc B/a-t |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for f in runs:
    d = json.load(open(os.path.join(out, f)))
    m, r = d["machine"], d["results"][0]
    t = r["tick_times"]
    print(f"| {f[:-5]} | {m['load_average_at_start'].split()[0]} → {m['load_average_at_end'].split()[0]} | {r['wall_seconds']:.1f} | {r['cpu_seconds']:.1f} "
          f"| {r['agent_ticks_per_second']:,.0f} | {r['agent_ticks_per_cpu_second']:,.0f} | {r['tick0_ms'] / 1000:.1f} | {t['median_ms']:.0f} | {t['p90_ms']:.0f} "
          f"| {t['max_ms']:.0f} | {t['gen0']}/{t['gen1']}/{t['gen2']} | {t['pause_ms'] / 1000:.1f} | {r['bytes_per_agent']:,.0f} | {r['allocated_bytes_per_agent_tick']:,.0f} |")
