// Package scenarios holds the scenario files of replaylab and the code that
// reads them: the schema (one struct per section), strict decoding (unknown
// keys and wrong types are errors), the defaults (in code, Default),
// validation that reports every problem at once as "file:line: key:
// message", --set overrides, and writing a scenario back out with every
// value resolved. The built-in scenarios (*.toml in this folder) are
// embedded, so `replaylab run tmaze-cued` works anywhere.
//
// # Decoding order
//
// Default() ← the file ← each --set in order ← validation and resolution
// (max_steps 0 becomes 3 × the optimal episode length + delay_steps; the
// legend gains every default character the layout uses, with magnitude and
// open phases explicit). WriteResolved then Parse gives the same Scenario.
//
// # --set
//
// "section.key=value": the value is a TOML value (32, 1e-3, true, "text",
// ["a"], {kind = "wall"}); anything that is not valid TOML is taken as a
// plain string, so --set task.kind=goal needs no quotes. A legend entry is
// replaced as a whole (--set 'maze.legend.X={kind="floor"}').
//
// # Limits
//
// Files over MaxFileSize (1 MiB), empty files, files with NUL bytes and
// files that are not UTF-8 are refused before TOML parsing, with the offset
// of the first bad byte. Mazes are limited to 1000 × 1000 cells.
//
// # The runner
//
// Run (runner*.go) assembles a scenario: the environment, the consolidator
// (cortex.R2N2), the cache (hippocampus.Cache), the agent and the sleeper,
// each drawing from its own random stream derived from (run.seed, name):
// "env" (the seed of every episode's Reset), "cortex" (initial weights),
// "hippocampus" (pattern seeds), "policy" (exploration), "sleep" (which
// episode each replay event picks). It then lives sleep.every awake
// episodes, sleeps, and repeats run.sessions times.
//
// With agent.kind = q-learning or dyna-q the runner lives the same number
// of episodes with a tabular learner (package baseline, runner_baseline.go,
// drawing from the "policy" stream) and never sleeps; its table and model
// are checkpointed every sleep.every × run.checkpoint_every episodes. With
// place cells in task.observation the sleeper regenerates the population
// from the replayed place (observation.go). Navigation tasks also get
// route.csv and figures/route.png at the end (route.go).
//
// Invariants:
//   - The run's Log (every episode's trajectory, every replay event) feeds
//     the tables, arrays and figures and scores replay fidelity; it never
//     reaches the consolidator, which learns only from the cache's replay.
//   - Every run.checkpoint_every sleeps, and when the context is cancelled,
//     the outputs are rewritten from the Log and then a checkpoint is saved
//     (consolidator NPZ, cache snapshot, stream states, Log, resolved
//     scenario), so outputs never run ahead of the checkpoint. A resumed
//     run continues from it and writes byte-identical outputs; it refuses a
//     checkpoint whose resolved scenario differs.
//   - Same scenario and seed give byte-identical episodes.csv, sleeps.csv,
//     replay_events.csv and arrays.npz; only manifest.json has times.
package scenarios
