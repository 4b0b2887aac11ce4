"""Enquête against reference tools on the same data, in the same run. Prints ratios.

Usage: python3 bench/compare.py PATH/TO/enquete (a release build) [ROWS]

1. Roll-up: 1,000,000 responses x 30 questions over ~400 sections. `enquete bench rollup` makes
   them, writes them as CSV and times its roll-up to every level (section, city, region,
   nation) in its own process (data already in memory, best of 5), and a single pass reading the
   encoded responses once. DuckDB (in-process, Python) loads the same CSV into an in-memory
   table first (not timed) and then runs the same group-bys: per question, counts per choice at
   the four levels with GROUPING SETS (lists unnested; the two scales: count, sum, min, max),
   best of 3. Checks that the national counts agree.
2. Raking: 1,000,000 respondents over 3 margins (region, gender, age band): `enquete bench rake`
   against weightipy's rake on the same sample and margins; weights compared after
   normalisation.
3. Themes: 100,000 answers in four languages.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

SINGLE = [f"s{i:02}" for i in range(1, 21)] + ["gender", "age_band"]
LISTS = ["top3"] + [f"needs{i}" for i in range(1, 6)]
NUMBERS = ["trust", "hope"]


def run(*args):
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{out.stdout}{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(runs, f):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


SETS = "GROUPING SETS ((k), (region, k), (region, city, k), (region, city, section, k))"


def duckdb_rollup(con):
    out = {}
    for q in SINGLE:
        out[q] = con.execute(
            f"SELECT region, city, section, {q} AS k, count(*) FROM r WHERE {q} IS NOT NULL "
            f"GROUP BY {SETS}").fetchall()
    for q in LISTS:
        out[q] = con.execute(
            f"SELECT region, city, section, k, count(*) FROM "
            f"(SELECT region, city, section, unnest(string_split({q}, ' ')) AS k FROM r "
            f"WHERE {q} IS NOT NULL AND {q} <> '') GROUP BY {SETS}").fetchall()
    for q in NUMBERS:
        out[q] = con.execute(
            f"SELECT region, city, section, count({q}), sum({q}), min({q}), max({q}) FROM r "
            f"GROUP BY GROUPING SETS ((), (region), (region, city), (region, city, section))"
        ).fetchall()
    return out


def main():
    binary = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "responses.csv")
        ours = run(binary, "bench", "rollup", "--rows", str(rows), "--csv", csv_path)
        con = duckdb.connect()
        con.execute("PRAGMA threads=2")
        t = time.perf_counter()
        con.execute(f"CREATE TABLE r AS SELECT * FROM read_csv('{csv_path}', header = true)")
        load = time.perf_counter() - t
        duck, result = best(3, lambda: duckdb_rollup(con))
        # The national count of 'agree' on s01 must agree with a direct count.
        national = [x for x in result["s01"] if x[0] is None and x[3] == "agree"][0][4]
        direct = con.execute("SELECT count(*) FROM r WHERE s01 = 'agree'").fetchone()[0]
        assert national == direct
        print(f"roll-up: {ours['rows']:,} responses x {ours['questions']} questions over "
              f"{ours['units']} units, all levels")
        print(f"  enquete {ours['rollup_s'] * 1000:.0f} ms (weighted {ours['weighted_rollup_s'] * 1000:.0f} ms); "
              f"DuckDB {duck * 1000:.0f} ms (after loading the CSV in {load:.1f} s); "
              f"reading the {ours['bytes'] / 1e6:.0f} MB of encoded responses once {ours['scan_s'] * 1000:.1f} ms")
        print(f"  ratio DuckDB / enquete: {duck / ours['rollup_s']:.1f}x faster (goal >= 2x)")
        print(f"  ratio enquete / one read: {ours['rollup_s'] / ours['scan_s']:.1f}x (goal <= 3x)")

        rake_dir = os.path.join(tmp, "rake")
        ours = run(binary, "bench", "rake", "--rows", str(rows), "--dir", rake_dir)
        sample = pd.read_csv(os.path.join(rake_dir, "sample.csv"))
        margins = pd.read_csv(os.path.join(rake_dir, "margins.csv"))
        mine = pd.read_csv(os.path.join(rake_dir, "weights.csv"))["weight"].to_numpy()
        import weightipy
        targets = {}
        for var, group in margins.groupby("variable"):
            total = group["population"].sum()
            targets[var] = {c: p / total * 100 for c, p in zip(group["category"], group["population"])}
        df = sample[["region", "gender", "age"]].copy()
        scheme = weightipy.scheme_from_dict(targets)
        ref_time, ref = best(1, lambda: weightipy.weight_dataframe(df.copy(), scheme))
        theirs = ref["weights"].to_numpy(dtype=float)
        diff = np.abs(mine / mine.mean() - theirs / theirs.mean()).max()
        print(f"raking: {ours['rows']:,} respondents, 3 margins")
        print(f"  enquete {ours['rake_s'] * 1000:.0f} ms ({ours['iterations']} iterations); weightipy {ref_time * 1000:.0f} ms; "
              f"max |difference| of normalised weights {diff:.2e}")
        print(f"  ratio weightipy / enquete: {ref_time / ours['rake_s']:.1f}x faster (goal >= 5x, same weights)")

        labelled = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates",
                                "analysis", "tests", "data", "themes_labelled.csv")
        ours = run(binary, "bench", "themes", "--answers", str(rows // 10), "--labelled", labelled)
        print(f"themes: {ours['answers']:,} answers in {ours['themes_s']:.1f} s "
              f"({ours['themes']} themes; goal < 10 s)")


if __name__ == "__main__":
    main()
