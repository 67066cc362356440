#!/usr/bin/env python3
"""Chooses the Sobol analysis's parameters from a Morris screening of the claims' contrasts (docs/SENSITIVITY.md,
"The committed analyses"). For each output (a claim's condition) a parameter's μ* is divided by the largest μ*
of that output, so conditions in different units compare; a parameter's score for a claim is its largest
normalised μ* over the claim's counting conditions (those reported for information only decide no verdict).
The chosen set is the union of each claim's TOP highest-scoring parameters.
Usage: scripts/sensitivity-select.py MORRIS_DIR [CLAIMS_YAML] [TOP]   (defaults: scenarios/experiments/claims.yaml, 3)
Prints each claim's ranking and the chosen parameters, as `ranges:` lines with the Morris ranges."""
import csv, json, sys
from collections import defaultdict
import yaml

morris = sys.argv[1]
claims_path = sys.argv[2] if len(sys.argv) > 2 else "scenarios/experiments/claims.yaml"
top = int(sys.argv[3]) if len(sys.argv) > 3 else 3

def condition_name(expect):
    return "-".join({">": "vs", "<": "vs", "-": "minus", "+": "plus"}.get(t, t) for t in expect.split())

# Output names as the sensitivity verb gives them (SensitivityParser.OutputNames).
counting = {}
for claim in yaml.safe_load(open(claims_path))["claims"]:
    conds = claim["conditions"]
    names = [condition_name(c["expect"]) for c in conds]
    metric = lambda c: c.get("metric", claim.get("metric"))
    stat = lambda c: json.dumps(c.get("statistic", claim.get("statistic", "final")), sort_keys=True)
    for i, c in enumerate(conds):
        name = names[i]
        if names.count(name) > 1:
            name += "." + metric(c)
            if sum(1 for k in conds if condition_name(k["expect"]) == names[i] and metric(k) == metric(c)) > 1:
                raise SystemExit(f"{claim['id']}: two conditions share name and metric; extend this script")
        if c.get("counts", True):
            counting[f"{claim['id']}:{name}"] = claim["id"]

mu = defaultdict(dict)
for row in csv.DictReader(open(f"{morris}/indices.csv")):
    if row["mu_star"]:
        mu[row["output"]][row["parameter"]] = float(row["mu_star"])
score = defaultdict(lambda: defaultdict(float))
for output, params in mu.items():
    if output not in counting:
        continue
    largest = max(params.values())
    if largest <= 0:
        continue
    for p, m in params.items():
        c = counting[output]
        score[c][p] = max(score[c][p], m / largest)

chosen = []
for c in sorted(score):
    ranked = sorted(score[c].items(), key=lambda x: -x[1])
    print(f"{c}: " + "; ".join(f"{p} {s:.2f}" for p, s in ranked[:6]))
    for p, _ in ranked[:top]:
        if p not in chosen:
            chosen.append(p)
plan = json.load(open(f"{morris}/sensitivity.json"))
ranges = {p["path"]: p for p in plan["parameters"]}
print(f"\nunion of each claim's top {top}: {len(chosen)} parameters")
for p in chosen:
    r = ranges[p]
    lo, hi = ("false", "true") if r["kind"] == "boolean" else (r["min"], r["max"])
    print(f"  {p}: [{lo}, {hi}]")
