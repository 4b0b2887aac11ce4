#!/usr/bin/env python3
"""Theme quality of `enquete themes` on labelled sets: NMI, purity and coverage, per language
and overall. Answers in no theme count as one group of their own (as an organizer sees them).

    python3 bench/themes_quality.py [--bin target/release/enquete] FILE.csv [FILE.csv ...]

Each FILE has the columns id, lang, theme, text.
"""
import argparse, csv, math, os, subprocess, sys, tempfile
from collections import Counter, defaultdict


def nmi(labels, clusters):
    n = len(labels)
    if n == 0:
        return 0.0
    joint = Counter(zip(labels, clusters))
    a, b = Counter(labels), Counter(clusters)
    h = lambda c: -sum(v / n * math.log(v / n) for v in c.values())
    ha, hb = h(a), h(b)
    mi = sum(v / n * math.log(n * v / (a[l] * b[c])) for (l, c), v in joint.items())
    return 1.0 if ha + hb == 0 else mi / ((ha + hb) / 2)


def purity(labels, clusters):
    table = defaultdict(Counter)
    for l, c in zip(labels, clusters):
        table[c][l] += 1
    return sum(max(t.values()) for t in table.values()) / max(len(labels), 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default=os.environ.get("ENQUETE_BIN", "target/release/enquete"))
    p.add_argument("files", nargs="+")
    args = p.parse_args()
    for f in args.files:
        rows = list(csv.DictReader(open(f, encoding="utf-8")))
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out.csv")
            run = subprocess.run([args.bin, "themes", f, "--id-column", "id", "--text-column",
                                  "text", "--out", out], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(run.stderr)
            theme = {r["id"]: r["theme"] for r in csv.DictReader(open(out, encoding="utf-8"))}
        print(f"{os.path.basename(f)}: {len(rows)} answers")
        if "-v" in os.environ.get("THEMES_VERBOSE", ""):
            print(run.stdout)
        for lang in ["nl", "fr", "de", "en", None]:
            sel = [r for r in rows if lang is None or r["lang"] == lang]
            labels = [r["theme"] for r in sel]
            clusters = [theme.get(r["id"], "") for r in sel]
            covered = sum(1 for c in clusters if c) / max(len(sel), 1)
            print(f"  {lang or 'all':<4} n={len(sel):<4} NMI {nmi(labels, clusters):.3f}  "
                  f"purity {purity(labels, clusters):.3f}  coverage {covered:.3f}")
        # Whether one idea in four languages is one theme: per label, the share in its main theme.
        together = defaultdict(Counter)
        for r in rows:
            together[r["theme"]][theme.get(r["id"], "")] += 1
        joined = sum(max(v for k, v in c.items() if k) if any(c.keys() - {""}) else 0
                     for c in together.values()) / max(len(rows), 1)
        print(f"  answers in their label's main theme: {joined:.3f}")


if __name__ == "__main__":
    main()
