"""Summarise the runs of scripts/tmaze-reverse (issue 13, Must-show 5)."""
import csv, json, math, pathlib, sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tmaze-reverse")
print("run              first40  last40  trained  failed  dropped_steps  reversal_error of trained runs: median  p99  max")
def finished(d):
    try:
        return json.load(open(d / "manifest.json")).get("status") == "finished"
    except (OSError, ValueError):
        return False

for d in sorted(p for p in out.iterdir() if p.is_dir() and finished(p)):
    eps = list(csv.DictReader(open(d / "episodes.csv")))
    succ = [e["success"] == "true" for e in eps]
    rev = [r for r in csv.DictReader(open(d / "replay_events.csv")) if r["direction"] == "reverse"]
    trained = [r for r in rev if r["trained"] == "true"]
    failed = sum(r["reversal_failed"] == "true" for r in rev)
    dropped = sum(int(r["dropped_steps"]) for r in rev)
    errs = sorted(float(r["reversal_error"]) for r in trained)
    q = lambda p: errs[min(len(errs) - 1, int(p * len(errs)))] if errs else math.nan
    print(f"{d.name:16s} {sum(succ[:40]) / 40:7.2f} {sum(succ[-40:]) / 40:7.2f} {len(trained):8d} {failed:7d} {dropped:14d}"
          f"  {q(0.5):.2g}  {q(0.99):.2g}  {max(errs) if errs else math.nan:.2g}")
