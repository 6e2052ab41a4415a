// Package env holds the worlds the agent lives in: grid mazes written as
// ASCII layouts with a legend, the tasks run in them (cued T-maze, delayed
// alternation, linear track, goal), the encoding of what the agent senses,
// and the Gymnasium-style Reset/Step loop. (The benchmarks' sequence data
// sets live in package datasets.)
//
// # Mazes
//
// A layout has one character per cell and one line per row; cells are
// addressed (row, col) from the top-left corner, rows growing downward. The
// legend maps characters to a CellKind (wall, floor, start, reward, cue,
// door) with, per kind, a reward site's name and magnitude, a door's open
// phases and arm, and optionally the observation class the cell shows
// (DefaultLegend lists the built-in characters). Non-wall cells are numbered
// in reading order: that number is the place index. A maze has exactly one
// start. Moves leaving the grid are blocked like walls.
//
// # Observations
//
// The sensory vector (MODEL.md §4) is the concatenation of three one-hot
// blocks: previous action (NumActions+1, "none" first), reward (none,
// received) and the cell's observation class (Maze.Classes: floor,
// junction, start, cue-left, cue-right, reward-site, door, then the
// legend's custom classes sorted), plus Gaussian noise σ = obs_noise on
// every entry when set. Junction is automatic: a floor cell with three or
// more non-wall neighbours. Bumping into a wall or closed door leaves the
// agent in place, so only the previous-action block changes. There is no
// wall-bump class: the agent learns bumps from the unchanged class.
//
// # Invariants
//
// A Maze is immutable after ParseMaze and may be shared. An Env owns its
// sensory buffer: Observation.Sensory is a view overwritten by the next
// Reset or Step (copy to keep). Step allocates nothing. Reset(seed) draws
// the episode's randomness (cue side, noise) from a PCG stream seeded by
// seed only, so the same seed gives the same episode (cue_side "alternate"
// also counts Resets). Errors from ParseMaze and New are Problems: every
// problem at once, each with its cell or task key.
package env
