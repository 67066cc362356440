#!/usr/bin/env python3
"""Writes the `ranges:` block of scenarios/experiments/sensitivity-morris.yaml: every model constant of
Grains.Interfaces/Scenarios/Constants/Constants.cs at its default ±50 % (clipped to its declared range;
a default of 0 gets [0, 0.1]), with the few ordered pairs and the shares that must add up to at most 1
kept apart so no sample point is refused (docs/SENSITIVITY.md, "The committed analyses").
Usage: scripts/sensitivity-ranges.py > ranges.txt (then paste under ranges:), or --check FILE."""
import re, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "Grains.Interfaces/Scenarios/Constants/Constants.cs").read_text()
pattern = re.compile(r'= (Int|Real|Fraction)\("([a-z-]+)", "([a-z-]+)", ([0-9._e-]+)(?:, ([0-9._-]+), ([0-9._-]+))?')
# Pairs (low, high) whose ranges must not overlap, and shares whose sum must stay ≤ 1: fixed by hand.
fixed = {
    "departments.max-capacity": (0.8, 1.0),           # min-capacity 0.5 → [0.25, 0.75]
    "procurement.max-capacity": (0.65, 1.0),          # min-capacity 0.4 → [0.2, 0.6]
    "citizens.max-demand": (0.5, 1.0),                # min-demand 0.3 → [0.15, 0.45]
    "chiefs.successor-max": (0.5, 1.0),               # successor-min 0.3 → [0.15, 0.45]
    "services.within-share": (0.2, 0.5),              # within + region ≤ 1
    "services.region-share": (0.2, 0.5),
}

def fmt(v, integer):
    return str(int(v)) if integer else repr(round(v, 6))

lines = []
for kind, group, name, default, lo, hi in pattern.findall(src):
    key = f"{group}.{name}"
    d = float(default.replace("_", ""))
    lo = 0.0 if kind == "Fraction" else float(lo.replace("_", ""))
    hi = 1.0 if kind == "Fraction" else float(hi.replace("_", ""))
    integer = kind == "Int"
    if key in fixed:
        a, b = fixed[key]
    elif d == 0:
        a, b = 0.0, 0.1
    else:
        a, b = max(lo, d * 0.5), min(hi, d * 1.5)
        if integer:
            a, b = max(lo, round(d * 0.5)), min(hi, round(d * 1.5))
            if a == b:
                b = a + 1
    lines.append(f"  constants.{key}: [{fmt(a, integer)}, {fmt(b, integer)}]")
print("\n".join(lines))
print(f"# {len(lines)} constants", file=sys.stderr)
