#!/usr/bin/env python3
"""Chooses the Sobol analysis's parameters from a Morris screening of the claims' contrasts (docs/SENSITIVITY.md,
"The committed analyses"). For each output (a claim's condition) a parameter's μ* is divided by the largest μ*
of that output, so conditions in different units compare; a parameter's score for a claim is its mean
normalised μ* over the claim's counting conditions (those reported for information only decide no verdict),
so a parameter that moves every condition of a claim ranks above one that tops a single condition.
The chosen set is the union of each claim's TOP highest-scoring parameters, taken rank by rank (every claim's
first, then every claim's second in order of score, …) and stopped at MAX parameters, so that every claim
keeps its most influential parameter when the union must be cut to keep the design affordable.
Usage: scripts/sensitivity-select.py MORRIS_DIR [CLAIMS_YAML] [TOP] [MAX]   (defaults: scenarios/experiments/claims.yaml, 2, no limit)
Prints each claim's ranking and the chosen parameters, as `ranges:` lines with the Morris ranges."""
import csv, json, sys
from collections import defaultdict
import yaml

morris = sys.argv[1]
claims_path = sys.argv[2] if len(sys.argv) > 2 else "scenarios/experiments/claims.yaml"
top = int(sys.argv[3]) if len(sys.argv) > 3 else 2
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 10**6

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
outputs_of = defaultdict(int)
for output, params in mu.items():
    if output not in counting:
        continue
    c = counting[output]
    outputs_of[c] += 1
    largest = max(params.values())
    for p, m in params.items():
        score[c][p] += m / largest if largest > 0 else 0.0
for c in score:
    for p in score[c]:
        score[c][p] /= outputs_of[c]

ranking = {}
for c in sorted(score):
    ranking[c] = sorted(score[c].items(), key=lambda x: (-x[1], x[0]))
    print(f"{c}: " + "; ".join(f"{p} {s:.2f}" for p, s in ranking[c][:6]))
chosen = []
for rank in range(top):
    for p, _ in sorted((ranking[c][rank] for c in ranking if len(ranking[c]) > rank), key=lambda x: (-x[1], x[0])):
        if p not in chosen and len(chosen) < limit:
            chosen.append(p)
plan = json.load(open(f"{morris}/sensitivity.json"))
ranges = {p["path"]: p for p in plan["parameters"]}
print(f"\nunion of each claim's top {top}, rank by rank{'' if limit >= 10**6 else f', at most {limit}'}: {len(chosen)} parameters")
for p in chosen:
    r = ranges[p]
    lo, hi = ("false", "true") if r["kind"] == "boolean" else (r["min"], r["max"])
    print(f"  {p}: [{lo}, {hi}]")
