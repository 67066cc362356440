#!/usr/bin/env python3
"""How often each claim holds over a sensitivity analysis's sample (docs/MODEL.md §12.x, "Is any verdict fragile?").
Reads a sensitivity folder's outputs.csv (one row per sample point, one column per contrast `<claim>:<condition>`,
left minus right as written) and the claims file; a counting condition holds at a point when its contrast lies
beyond the condition's smallest effect of interest (SESOI) in the expected direction — the decision rule of
docs/CLAIMS.md applied to a single value (one seed per point: no CI, so this is a point estimate's rule). A claim
holds when all its counting conditions do. Prints, per claim and condition, the share of points where it holds.
Usage: scripts/sensitivity-holds.py SENSITIVITY_DIR [CLAIMS_YAML]"""
import csv, json, sys
import yaml

folder = sys.argv[1]
claims_file = yaml.safe_load(open(sys.argv[2] if len(sys.argv) > 2 else "scenarios/experiments/claims.yaml"))

def condition_name(expect):
    return "-".join({">": "vs", "<": "vs", "-": "minus", "+": "plus"}.get(t, t) for t in expect.split())

rows = list(csv.DictReader(open(f"{folder}/outputs.csv")))
print(f"{folder}: {len(rows)} points")
for claim in claims_file["claims"]:
    conds = claim["conditions"]
    names = [condition_name(c["expect"]) for c in conds]
    counting = []
    for i, c in enumerate(conds):
        metric = c.get("metric", claim.get("metric"))
        name = names[i] + (f".{metric}" if names.count(names[i]) > 1 else "")
        column = f"{claim['id']}:{name}"
        if column not in rows[0] or not c.get("counts", True):
            continue
        sesoi = c.get("sesoi", claim.get("sesoi", {}).get(metric, claims_file["sesoi"][metric]))
        sign = 1 if ">" in c["expect"] else -1
        counting.append((column, sesoi, sign))
    if not counting:
        continue
    holds_all = 0
    defined = 0
    per = {col: 0 for col, _, _ in counting}
    for r in rows:
        values = [(col, r[col], s, sg) for col, s, sg in counting]
        if any(v == "" for _, v, _, _ in values):
            continue
        defined += 1
        ok = True
        for col, v, s, sg in values:
            if sg * float(v) > s:
                per[col] += 1
            else:
                ok = False
        holds_all += ok
    print(f"{claim['id']}: holds at {holds_all} of {defined} points ({100 * holds_all / max(defined, 1):.0f} %); "
          + "; ".join(f"{col.split(':', 1)[1]} {100 * n / max(defined, 1):.0f} %" for col, n in per.items()))
