"""Summarise awake replay and forward sweeps of the runs of a sweep folder (issue 15).

Usage: python3 scripts/awake-summary.py SWEEP_DIR [QUARTERS]

Per point of the sweep (runs.csv), over its finished runs:
  - awake replay: awake replay events per episode and success rate in each of QUARTERS
    (default 4) equal stretches of learning, as mean over runs;
  - forward sweeps (free rollouts only: points without awake.sweep_policy): at the last choice step
    of each episode (the T junction), the side the decoded sweep ends on (left/right of the choice
    cell) against the side of the arm then chosen (where the episode ended); at every choice step,
    the sweep's first move against the move made; split by whether exploration made the choice
    (known for episodes with exactly one choice, as in the cued T-maze; "other" otherwise).
"""
import csv, json, pathlib, sys
from collections import defaultdict

import numpy as np

sweep = pathlib.Path(sys.argv[1])
quarters = int(sys.argv[2]) if len(sys.argv) > 2 else 4


def finished(d):
    try:
        return json.load(open(d / "manifest.json")).get("status") == "finished"
    except (OSError, ValueError):
        return False


def sign(x):
    return (x > 0) - (x < 0)


def run_stats(d):
    eps = list(csv.DictReader(open(d / "episodes.csv")))
    ev = list(csv.DictReader(open(d / "replay_events.csv")))
    z = np.load(d / "arrays.npz")
    E = len(eps)
    succ = np.array([e["success"] == "true" for e in eps], float)
    awake = np.zeros(E)
    for r in ev:
        if r.get("phase") == "awake" and r.get("kind") == "replay" and r["direction"] == "reverse":
            awake[int(r["episode_at"])] += 1
    bounds = np.linspace(0, E, quarters + 1).astype(int)
    q_awake = [awake[a:b].mean() for a, b in zip(bounds[:-1], bounds[1:])]
    q_succ = [succ[a:b].mean() for a, b in zip(bounds[:-1], bounds[1:])]
    # sweeps
    st, pos, act = z["episode_start"], z["position"], z["action"]
    rs, rp = z["replay_start"], z["replay_position"]
    sw = z["replay_sweep"] if "replay_sweep" in z else np.zeros(len(rs) - 1, int)
    ep_at, step_at = (z["replay_episode_at"], z["replay_step_at"]) if "replay_episode_at" in z else (None, None)
    counts = defaultdict(lambda: [0, 0])  # key -> [agree, total]
    per_choice = defaultdict(int)
    last = {}  # episode -> its last choice step with a sweep: the decisive one at a T junction
    for j in np.nonzero(sw)[0]:
        per_choice[(ep_at[j], step_at[j])] += 1
        last[int(ep_at[j])] = max(last.get(int(ep_at[j]), -1), int(step_at[j]))
    for j in np.nonzero(sw)[0]:
        e, t = int(ep_at[j]), int(step_at[j])
        if per_choice[(e, t)] > 1:
            continue  # a policy's forced rollouts, not a free sweep
        path = rp[rs[j]:rs[j + 1]]
        here = pos[st[e] + t]
        final = pos[st[e + 1] - 1]
        made = act[st[e] + t]
        explored = "explored" if int(eps[e]["choices"]) == 1 and int(eps[e]["explored"]) == 1 else (
            "greedy" if int(eps[e]["choices"]) == 1 else "other")
        moved = [p for p in path if (p != here).any()]
        if moved:
            d0 = moved[0] - here
            first = {(-1, 0): 0, (0, 1): 1, (1, 0): 2, (0, -1): 3}.get((int(d0[0]), int(d0[1])), -1)
            c = counts[("first move", explored)]
            c[0] += first == made
            c[1] += 1
        side_sweep = sign(int(path[-1][1] - here[1]))
        side_arm = sign(int(final[1] - here[1]))
        if side_arm != 0 and t == last[e]:
            c = counts[("side", explored)]
            c[0] += side_sweep == side_arm
            c[1] += 1
            c = counts[("side to the rewarded arm", explored)]
            rewarded = eps[e]["success"] == "true"
            c[0] += (side_sweep == side_arm) == rewarded
            c[1] += 1
            c = counts[("sweep reaches no arm", explored)]
            c[0] += side_sweep == 0
            c[1] += 1
    return q_awake, q_succ, counts, E


points = defaultdict(list)
keys = []
with open(sweep / "runs.csv") as f:
    rows = list(csv.DictReader(f))
    keys = [k for k in rows[0] if k not in ("index", "point", "replicate", "seed")]
    for r in rows:
        d = sweep / "runs" / f"{int(r['index']):05d}"
        if finished(d):
            points[r["point"]].append((r, d))

for p, runs in sorted(points.items(), key=lambda kv: int(kv[0])):
    r0 = runs[0][0]
    print(f"point {p}: " + ", ".join(f"{k} = {r0[k]}" for k in keys) + f"  ({len(runs)} runs)")
    qa, qs, tot = [], [], defaultdict(lambda: [0, 0])
    for r, d in runs:
        a, s, c, E = run_stats(d)
        qa.append(a)
        qs.append(s)
        for k, v in c.items():
            tot[k][0] += v[0]
            tot[k][1] += v[1]
    qa, qs = np.array(qa), np.array(qs)
    print("  stretch of learning        " + "  ".join(f"{i + 1}/{quarters}".rjust(11) for i in range(quarters)))
    print("  awake replays per episode  " + "  ".join(f"{m:5.2f}±{s:4.2f}" for m, s in zip(qa.mean(0), qa.std(0))))
    print("  success rate               " + "  ".join(f"{m:5.2f}±{s:4.2f}" for m, s in zip(qs.mean(0), qs.std(0))))
    for k in sorted(tot):
        a, n = tot[k]
        if n:
            print(f"  sweeps, {k[0]} = arm chosen ({k[1]} choices): {a}/{n} = {a / n:.2f}" if k[0] == "side" else
                  f"  sweeps, {k[0]} ({k[1]} choices): {a}/{n} = {a / n:.2f}")
