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
// The runner that assembles env + agent + sleep for a scenario also lives
// here (runner*.go).
package scenarios
