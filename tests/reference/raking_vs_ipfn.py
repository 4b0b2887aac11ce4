"""Checks Enquête's raking against the `ipfn` package on the same sample and margins.

Usage: python3 raking_vs_ipfn.py PATH/TO/enquete
Weights from both are normalised to a mean of 1; the largest absolute difference must be at most
1e-6. Prints the figure and a closing line `N passed, N failed`.
"""
import csv
import os
import random
import subprocess
import sys
import tempfile

import pandas as pd
from ipfn import ipfn

TOLERANCE = 1e-6


def main():
    binary = sys.argv[1]
    rng = random.Random(20261123)
    variables = {
        "gender": (["woman", "man", "other"], [5_870_000, 5_650_000, 80_000], [0.62, 0.36, 0.02]),
        "age": (["a16_24", "a25_34", "a35_44", "a45_54", "a55_64", "a65"],
                [1_250_000, 1_480_000, 1_500_000, 1_560_000, 1_600_000, 4_210_000],
                [0.08, 0.12, 0.15, 0.20, 0.20, 0.25]),
        "region": (["flanders", "wallonia", "brussels"], [6_700_000, 3_700_000, 1_200_000], [0.45, 0.35, 0.20]),
    }
    n = 3000
    rows = []
    for i in range(n):
        row = {"id": f"r{i}"}
        for var, (cats, _, skew) in variables.items():
            row[var] = rng.choices(cats, weights=skew)[0]
        rows.append(row)
    # Every category must have respondents.
    for var, (cats, _, _) in variables.items():
        for j, cat in enumerate(cats):
            rows[j][var] = cat

    with tempfile.TemporaryDirectory() as tmp:
        sample_path = os.path.join(tmp, "sample.csv")
        margins_path = os.path.join(tmp, "margins.csv")
        out_path = os.path.join(tmp, "weights.csv")
        with open(sample_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", *variables])
            w.writeheader()
            w.writerows(rows)
        with open(margins_path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["variable", "category", "population"])
            for var, (cats, pops, _) in variables.items():
                for cat, pop in zip(cats, pops):
                    w.writerow([var, cat, pop])
        subprocess.run([binary, "weights", "--sample", sample_path, "--margins", margins_path, "--out", out_path],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out_path) as f:
            ours = {r["id"]: float(r["weight"]) for r in csv.DictReader(f)}

    df = pd.DataFrame(rows)
    df["total"] = 1.0
    aggregates = []
    dimensions = []
    for var, (cats, pops, _) in variables.items():
        aggregates.append(pd.Series(pops, index=pd.Index(cats, name=var), dtype=float))
        dimensions.append([var])
    result = ipfn.ipfn(df, aggregates, dimensions, weight_col="total", convergence_rate=1e-13,
                       max_iteration=10_000, verbose=0).iteration()
    theirs = dict(zip(result["id"], result["total"]))

    mean_ours = sum(ours.values()) / n
    mean_theirs = sum(theirs.values()) / n
    worst = max(abs(ours[k] / mean_ours - theirs[k] / mean_theirs) for k in ours)
    ok = worst <= TOLERANCE and len(ours) == n
    print(f"raking vs ipfn: {n} respondents, 3 variables; max |difference| of weights normalised to mean 1: {worst:.3e} (tolerance {TOLERANCE:g})")
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
