"""Checks Enquête's collated results against two established tools, on the demo country.

Usage: python3 results_vs_duckdb_samplics.py PATH/TO/enquete

0. `enquete export` writes the same rows as Parquet as it does as CSV (DuckDB reads both).
1. Roll-up counts: `enquete export` writes the anonymous responses as CSV; DuckDB groups them by
   nation, region, city and section (GROUPING SETS) and counts, per option of every question with
   choices, how many chose it and how many put it first. Every figure must equal the one in
   `enquete report --unit U --format json` for that unit, for every unit.
2. Weighted estimates: for the nation and each region, samplics' TaylorEstimator (the mean of the
   0/1 indicator of each option, and of the trust scale, with the exported weights and each
   respondent its own cluster) must give the same point estimates and standard errors as the
   report, within 1e-6.

Prints the largest differences and a closing line `N passed, N failed`.
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
from samplics import PopParam, TaylorEstimator  # noqa: E402

TOLERANCE = 1e-6
CHOICE_QUESTIONS = ["top3", "age_band", "gender", "contact"]


def run(binary, db, *args):
    out = subprocess.run([binary, "--db", db, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"enquete {' '.join(args)} failed:\n{out.stdout}{out.stderr}")
    return out.stdout


def report(binary, db, unit, weighted):
    args = ["report", "enquete_2026", "--format", "json"]
    if unit is not None:
        args += ["--unit", unit]
    if not weighted:
        args.append("--unweighted")
    return json.loads(run(binary, db, *args))


def main():
    binary = sys.argv[1]
    passed = failed = 0

    def check(ok, message):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", message)

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite://{os.path.join(tmp, 'ref.db')}"
        run(binary, db, "demo", "--scale", "small", "--seed", "7")
        path = os.path.join(tmp, "responses.csv")
        run(binary, db, "export", "enquete_2026", "--out", path)
        con = duckdb.connect()
        con.execute(
            f"CREATE TABLE r AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)"
        )
        n = con.execute("SELECT count(*) FROM r").fetchone()[0]

        # 0. The Parquet export holds the same rows as the CSV, column by column.
        ppath = os.path.join(tmp, "responses.parquet")
        run(binary, db, "export", "enquete_2026", "--out", ppath)
        con.execute(f"CREATE TABLE p AS SELECT * FROM read_parquet('{ppath}')")
        columns = [c[0] for c in con.execute("DESCRIBE r").fetchall()]
        check(columns == [c[0] for c in con.execute("DESCRIBE p").fetchall()],
              "Parquet and CSV exports have the same columns")
        check(con.execute("SELECT count(*) FROM p").fetchone()[0] == n, "Parquet row count")
        for c in columns:
            if c == "weight":
                cond = "abs(CAST(r.weight AS DOUBLE) - p.weight) > 1e-9"
            else:
                cond = f"r.{c} IS DISTINCT FROM CAST(p.{c} AS VARCHAR)"
            differ = con.execute(
                f"SELECT count(*) FROM r JOIN p USING (response_id) WHERE {cond}").fetchone()[0]
            check(differ == 0, f"Parquet column {c}: {differ} rows differ from the CSV")
        print(f"parquet: {n} rows x {len(columns)} columns equal to the CSV export")

        # 1. Counts at every level with GROUPING SETS.
        expected = {}  # (level, name) -> question -> option -> (chosen, first)
        for q in CHOICE_QUESTIONS:
            rows = con.execute(
                f"""
                WITH answers AS (
                    SELECT region, city, section,
                           unnest(string_split({q}, ' ')) AS option,
                           string_split({q}, ' ')[1] AS first_option
                    FROM r WHERE {q} IS NOT NULL AND {q} <> ''
                )
                SELECT region, city, section, option,
                       count(*) AS chosen,
                       count(*) FILTER (WHERE option = first_option) AS first,
                       grouping(region, city, section) AS g
                FROM answers
                GROUP BY GROUPING SETS ((option), (region, option), (region, city, option),
                                        (region, city, section, option))
                """
            ).fetchall()
            for region, city, section, option, chosen, first, g in rows:
                key = {7: ("nation", None), 3: ("region", region), 1: ("city", city),
                       0: ("section", section)}[g]
                expected.setdefault(key, {}).setdefault(q, {})[option] = (chosen, first)
        units = sorted(expected.keys(), key=lambda k: ("nation", "region", "city", "section").index(k[0]))
        worst_count = 0
        for level, name in units:
            got = report(binary, db, name, weighted=False)
            by_code = {qq["code"]: qq for qq in got["questions"]}
            for q in CHOICE_QUESTIONS:
                want = expected[(level, name)].get(q, {})
                for o in by_code[q]["options"]:
                    chosen, first = want.get(o["code"], (0, 0))
                    diff = abs((o["count"] or 0) - chosen)
                    if q == "top3":
                        diff = max(diff, abs((o["first"] or 0) - first))
                    worst_count = max(worst_count, diff)
                    check(diff == 0, f"{level} {name} {q}={o['code']}: report {o['count']}/{o['first']}, DuckDB {chosen}/{first}")
        print(f"counts: {len(units)} units (nation, regions, cities, sections), {n} responses; "
              f"largest difference from DuckDB: {worst_count}")

        # 2. Weighted shares and standard errors against samplics.
        data = con.execute("SELECT * FROM r").fetchdf()
        data["weight"] = data["weight"].astype(float)
        worst_est = worst_se = 0.0
        for level, name in [("nation", None)] + [k for k in units if k[0] == "region"]:
            got = report(binary, db, name, weighted=True)
            sub = data if name is None else data[data["region"] == name]
            by_code = {qq["code"]: qq for qq in got["questions"]}
            for q in CHOICE_QUESTIONS:
                answered = sub[sub[q].notna() & (sub[q] != "")]
                lists = answered[q].str.split(" ")
                for o in by_code[q]["options"]:
                    y = np.array([1.0 if o["code"] in l else 0.0 for l in lists])
                    est = TaylorEstimator(PopParam.mean)
                    est.estimate(y=y, samp_weight=answered["weight"].to_numpy(), remove_nan=True)
                    point, se = float(est.point_est), float(est.stderror)
                    d_est, d_se = abs(o["share"] - point), abs(o["se"] - se)
                    worst_est, worst_se = max(worst_est, d_est), max(worst_se, d_se)
                    check(d_est <= TOLERANCE and d_se <= TOLERANCE,
                          f"{level} {name} {q}={o['code']}: report {o['share']:.8f} ± {o['se']:.8f}, samplics {point:.8f} ± {se:.8f}")
            trust = sub[sub["trust"].notna() & (sub["trust"] != "")]
            est = TaylorEstimator(PopParam.mean)
            est.estimate(y=trust["trust"].astype(float).to_numpy(),
                         samp_weight=trust["weight"].to_numpy(), remove_nan=True)
            mean = by_code["trust"]
            d_est = abs(mean["mean"] - float(est.point_est))
            half = (mean["mean_high"] - mean["mean_low"]) / 2
            samplics_half = (float(est.upper_ci) - float(est.lower_ci)) / 2
            worst_est = max(worst_est, d_est)
            check(d_est <= TOLERANCE and abs(half - samplics_half) <= TOLERANCE,
                  f"{level} {name} trust: report {mean['mean']} ±{half}, samplics {est.point_est} ±{samplics_half}")
        print(f"weighted estimates: nation and regions; largest difference from samplics: "
              f"estimate {worst_est:.2e}, standard error {worst_se:.2e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
