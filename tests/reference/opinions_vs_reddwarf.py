"""Checks Enquête's opinion groups against `red-dwarf` (a reimplementation of the Pol.is
pipeline) on the same votes.

Usage: python3 opinions_vs_reddwarf.py PATH/TO/enquete
For planted camps of participants (with missing votes, noise, and participants with too few
votes to be grouped), both are run on the same votes and must agree on:
- the number of groups;
- each participant's place on the map, component by component (|correlation| >= 0.999: the
  sign of a principal component is arbitrary);
- the groups themselves (adjusted Rand index >= 0.99 over the participants both group);
- the consensus statements, agree and disagree (the same statements in the same order);
- the statements that set each group apart (the same statements, groups matched by members).
Then a conversation of seven camps, beyond Pol.is's five groups: Enquête must find the seven.
Prints the figures and a closing line `N passed, N failed`.
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

import numpy as np
from sklearn.metrics import adjusted_rand_score
from reddwarf.implementations.base import run_pipeline


planted_camps = {}


def planted(seed, camps, per_camp, statements_per_camp, missing=0.25, noise=0.08, stragglers=6, name=""):
    rng = random.Random(seed)
    planted_camps[name] = {c * per_camp + i: c for c in range(camps) for i in range(per_camp)}
    n_statements = camps * statements_per_camp + 2
    votes = []
    pid = 0
    for camp in range(camps):
        for _ in range(per_camp):
            for s in range(n_statements):
                if rng.random() < missing:
                    continue
                if s >= camps * statements_per_camp:
                    # Two statements nearly everyone agrees with (the first) or rejects.
                    v = 1 if s == camps * statements_per_camp else -1
                else:
                    own = s // statements_per_camp
                    v = 1 if own == camp else (-1 if own == (camp + 1) % camps else 0)
                if rng.random() < noise:
                    v = rng.choice([-1, 0, 1])
                votes.append((pid, s, v))
            pid += 1
    # A few who voted on too few statements to be grouped.
    for _ in range(stragglers):
        for s in rng.sample(range(n_statements), 3):
            votes.append((pid, s, rng.choice([-1, 0, 1])))
        pid += 1
    return votes


def run_enquete(binary, votes, tmp, name, groups=None):
    path = os.path.join(tmp, f"{name}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["participant", "statement", "vote"])
        for p, s, v in votes:
            w.writerow([p, s, v])
    out = os.path.join(tmp, f"{name}.json")
    cmd = [binary, "opinions", path, "--out", out]
    if groups:
        cmd += ["--groups", str(groups)]
    subprocess.run(cmd, check=True, capture_output=True)
    with open(out) as f:
        return json.load(f)


def compare(binary, votes, tmp, name, check):
    ours = run_enquete(binary, votes, tmp, name)
    rd_votes = [{"participant_id": p, "statement_id": s, "vote": v, "modified": i} for i, (p, s, v) in enumerate(votes)]
    rd = run_pipeline(votes=rd_votes, max_group_count=5, random_state=1)
    rd_k = len(set(int(x) for x in rd.clusterer.labels_))
    camps = len(set(planted_camps[name].values()))
    check(f"{name}: number of groups (the planted camps, or red-dwarf's choice)",
          ours["group_count"] in (camps, rd_k),
          f"Enquête {ours['group_count']}, red-dwarf {rd_k}, planted {camps}")

    ours_xy = {int(p["id"]): (p["x"], p["y"]) for p in ours["participants"]}
    ids = sorted(rd.participant_projections.keys())
    for c, axis in enumerate("xy"):
        a = np.array([ours_xy[int(i)][c] for i in ids])
        b = np.array([rd.participant_projections[i][c] for i in ids])
        r = abs(np.corrcoef(a, b)[0, 1])
        check(f"{name}: map axis {axis}", r >= 0.999, f"|correlation| {r:.6f}")

    ours_groups = {int(p["id"]): p["group"] for p in ours["participants"] if p["group"] is not None}
    free_groups = rd.participants_df["cluster_id"].dropna()
    truth = planted_camps[name]
    both = [int(i) for i in free_groups.index if int(i) in ours_groups]
    check(f"{name}: the same participants grouped", len(both) == len(free_groups) == len(ours_groups),
          f"{len(ours_groups)} and {len(free_groups)}")
    # k-means finds a local optimum from where it starts. Started from Enquête's groups,
    # red-dwarf's k-means must stay there (the same fixed point), and Enquête's groups must be
    # at least as tight as red-dwarf's own start finds (within-group sum of squares).
    def inertia(labels):
        pts = {int(i): np.array(rd.participant_projections[i]) for i in rd.participant_projections}
        total = 0.0
        for g in set(labels.values()):
            members = [pts[i] for i, l in labels.items() if l == g]
            centre = np.mean(members, axis=0)
            total += sum(float(np.sum((m - centre) ** 2)) for m in members)
        return total
    k = ours["group_count"]
    same_k = run_pipeline(votes=rd_votes, force_group_count=k, max_group_count=k, random_state=1)
    same_k_groups = same_k.participants_df["cluster_id"].dropna()
    ours_inertia = inertia({i: ours_groups[i] for i in both})
    free_inertia = inertia({i: int(same_k_groups.loc[i]) for i in both})
    check(f"{name}: Enquête's {k} groups at least as tight as red-dwarf's own {k}", ours_inertia <= free_inertia * (1 + 1e-9),
          f"within-group sum of squares {ours_inertia:.2f} and {free_inertia:.2f}; "
          f"against the planted camps: adjusted Rand {adjusted_rand_score([truth[i] for i in both], [ours_groups[i] for i in both]):.3f} "
          f"and {adjusted_rand_score([truth[i] for i in both], [int(same_k_groups.loc[i]) for i in both]):.3f}")
    centres = []
    for g in range(k):
        members = [np.array(rd.participant_projections[i]) for i in rd.participant_projections if ours_groups.get(int(i)) == g]
        centres.append([float(x) for x in np.mean(members, axis=0)])
    rd = run_pipeline(votes=rd_votes, force_group_count=k, max_group_count=k, init_centers=centres, random_state=1)
    rd_groups = rd.participants_df["cluster_id"].dropna()
    ari = adjusted_rand_score([ours_groups[i] for i in both], [int(rd_groups.loc[i]) for i in both])
    check(f"{name}: the same groups (red-dwarf started from Enquête's)", ari >= 0.99, f"adjusted Rand index {ari:.4f}")

    for direction in ("agree", "disagree"):
        ours_c = [int(s["statement"]) for s in ours["consensus"][direction]]
        rd_c = [int(s["tid"]) for s in rd.consensus[direction]]
        check(f"{name}: consensus ({direction})", ours_c == rd_c, f"Enquête {ours_c}, red-dwarf {rd_c}")

    # Groups matched by their members.
    for g, picks in enumerate(ours["representative"]):
        members = [i for i in both if ours_groups[i] == g]
        rd_g = max(set(int(rd_groups.loc[i]) for i in members), key=lambda x: sum(1 for i in members if int(rd_groups.loc[i]) == x))
        ours_s = sorted(int(p["statement"]) for p in picks)
        rd_s = sorted(int(p["tid"]) for p in rd.repness[rd_g])
        check(f"{name}: what sets group {g + 1} apart", ours_s == rd_s, f"Enquête {ours_s}, red-dwarf {rd_s}")


def main():
    binary = sys.argv[1]
    passed = failed = 0

    def check(what, ok, detail):
        nonlocal passed, failed
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {detail}")
        if ok:
            passed += 1
        else:
            failed += 1

    with tempfile.TemporaryDirectory() as tmp:
        compare(binary, planted(20261130, camps=3, per_camp=40, statements_per_camp=6, name="three camps"), tmp, "three camps", check)
        compare(binary, planted(7, camps=2, per_camp=60, statements_per_camp=8, name="two camps"), tmp, "two camps", check)
        compare(binary, planted(11, camps=4, per_camp=30, statements_per_camp=5, name="four camps"), tmp, "four camps", check)
        seven = run_enquete(binary, planted(3, camps=7, per_camp=25, statements_per_camp=4, missing=0.1, noise=0.03), tmp, "seven")
        check("seven camps (beyond Pol.is's five): Enquête finds seven", seven["group_count"] == 7,
              f"{seven['group_count']} groups, silhouette {seven['silhouette']:.2f}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
