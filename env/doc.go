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
// The sensory vector (MODEL.md §4) is the concatenation of blocks: previous
// action (NumActions+1, "none" first), reward (none, received), then the
// observation parts the task senses (Task.Observation, a "+"-joined set,
// always in this order), plus Gaussian noise σ = obs_noise on every entry
// when set:
//
//   - class (the default, the paper's): one one-hot block over the maze's
//     observation classes (Maze.Classes: floor, junction, start, cue-left,
//     cue-right, reward-site, door, then the legend's custom classes
//     sorted). Junction is automatic: a floor cell with three or more
//     non-wall neighbours.
//   - view: the (2r+1)² cells of the square of radius r = ViewRadius
//     centred on the agent, in reading order (its own cell included), one
//     one-hot block each of width 1 + classes: entry 0 for a wall or a cell
//     off the grid, else 1 + the cell's class (a cue cell shows the
//     episode's cue). It is agent-centred but not rotated: MiniGrid turns
//     its partial view with the agent's direction, but here the moves are
//     allocentric (up, right, down, left) and the agent has no heading of
//     its own, so the view is kept north-up like the moves; the previous
//     action block says which way the agent last moved.
//   - place: a population of K place cells with Gaussian fields (as
//     RatInABox's PlaceCells), r_i = exp(−‖x − c_i‖² / 2σ²), x the agent's
//     cell and c_i the centres, distances Euclidean in cells (walls do not
//     bend the fields), σ = PlaceSigma. K = PlaceCells; 0 puts one centre
//     on every non-wall cell. Otherwise the centres are chosen by
//     farthest-point sampling over the non-wall cells (place 0 first, then
//     repeatedly the cell farthest from every centre so far, the lowest
//     index on ties): spread over the floor, deterministic, no seed.
//
// Every block but the place population is one-hot, which is what the
// hippocampal cache stores and decodes (per block: argmax). The population
// is one block too, decoded by the cache to its peak (the nearest centre);
// Encoding.Regenerate rebuilds the population from the replayed place, so
// that sleep feeds the consolidator, in replay, the vector it sensed awake
// (scenarios wires it into sleep.Sleeper.SetExpand). Bumping into a wall or
// closed door leaves the agent in place, so only the previous-action block
// changes. There is no wall-bump class: the agent learns bumps from the
// unchanged observation.
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
