// Package sweep runs studies: one scenario over a grid of settings and
// several seeds, on this machine or as a cluster array job, and collects
// the runs into one table and a few figures.
//
// The contract with any scheduler is an index and a results folder: the
// planned sweep folder holds everything a run needs, and
// `replaylab run --sweep DIR --index N` runs index N into DIR/runs/NNNNN/,
// a normal run directory. A scheduler (Slurm job arrays, Kubernetes indexed
// jobs, PBS arrays, or the local worker pool of this package) only hands
// out indices. There is no scheduler client library and no daemon.
//
// # The sweep file
//
// A sweep file is TOML, decoded strictly like a scenario file (unknown keys,
// wrong types and empty lists are errors that name file, line and key):
//
//	schema_version = 1
//	description = "replay on and off"   # optional
//	scenario = "tmaze-cued"             # a scenario file (relative to the sweep file) or a built-in name
//	name = "tmaze-cued"                 # optional: the name in each run's manifest (default: from scenario)
//	seeds = 5                           # seeds per point (default 1)
//	base_seed = 1                       # optional (default: the scenario's run.seed)
//
//	[set]                               # fixed overrides applied to every run
//	run.sessions = 20
//
//	[grid]                              # every combination of these lists
//	sleep.budget = ["reward-rate", "off"]
//	hippocampus.n = [1000, 2000]
//
//	[[zip]]                             # values that go together: the i-th of each list
//	cortex.mode = ["bp", "fa"]
//	cortex.lr = [2e-3, 5e-3]
//
// Keys are scenario keys, dotted (section.key), written bare or quoted
// ("sleep.budget" = [...] is the same key). Values are strings, numbers or
// booleans; each list must be non-empty, the lists of one [[zip]] group
// must have the same length, a key may appear only once in set, grid and
// zip together, and run.seed cannot be set (the sweep owns the seeds). A
// sweep of more than MaxRuns runs (points × seeds) is refused. Every value
// is checked against the base scenario, and every point as a whole, before
// anything runs.
//
// # Points, indices and seeds
//
// A point is one combination of the varied values: the grid keys in file
// order (the first varies slowest), then the zip groups in file order. The
// index of replicate r of point p is p·seeds + r, so the seeds of a point
// are consecutive indices. The run seed of an index is the first 8 bytes of
// SHA-256("replaylab sweep seed 1", base seed, the point's key=value pairs
// sorted by key, r), read big-endian and cut to 62 bits. It depends only on
// the base seed, the point and the replicate, so any index reruns alone,
// reordering the file's keys changes no seed, and adding values to a list
// leaves the seeds of existing points unchanged. Plan refuses a sweep in
// which two runs would get the same seed (a 62-bit collision, which should
// never happen, but is checked rather than assumed).
//
// # The sweep folder
//
// Plan writes DIR/sweep.toml (the resolved sweep: defaults explicit, the
// base seed fixed), DIR/scenario.toml (the base scenario's text, so the
// folder is complete on a cluster node) and DIR/runs.csv (index, point,
// replicate, seed, then one column per varied key). Running index N writes
// DIR/runs/NNNNN/ and appends one line to DIR/tasks.log for each run it
// executed (a counter of work done: rerunning a finished index appends
// nothing). Collect writes DIR/summary.csv, DIR/summary.md and
// DIR/figures/.
//
// # Invariants
//
//   - An index is run under the run directory's lock (record.Lock, taken by
//     record.Open for the whole run): two processes handed the same index
//     never both write it; the second is refused with the holder's PID,
//     host and start time.
//   - A finished index (manifest status finished) is never run again; an
//     interrupted one resumes from its checkpoint, and one killed before
//     its first checkpoint starts over (its partial files are replaced).
//   - Runs are read through their top-level files (manifest.json,
//     episodes.csv, sleeps.csv) and CSV columns by header name.
package sweep
