// Package viewer is the viewer of replaylab runs without its window: it
// reads a run directory (or observes a live run), keeps the place being
// watched (a View), and draws the whole window as an *image.RGBA (a
// Canvas) out of render's frames. The Ebiten shell that shows it lives in
// render/viewer/window; because everything on screen is drawn here in pure
// Go, the pictures and the controls are tested headless, and the window's
// pixels are tested against them under Xvfb.
//
// What it shows:
//
//   - Awake: the agent (render's dot) with a fading trail of the last 20
//     positions, the episode's cue, step and outcome. While awake the
//     replay overlay (R) draws the previous sleep's last replay faint.
//   - Asleep: each replay (forward, then reverse, in render's replay
//     colours) grows step by step over the replayed episode's lived path
//     (faint grey), with its sleep, event, episode, fidelity and loss, and
//     a strip of the cache's decoded position against the lived one.
//   - Panels (Tab): the consolidator's A and B state over the episode as
//     heat maps (units sorted by the step of their peak, the current step
//     outlined), when the run recorded it (run.record_hidden); otherwise
//     the panel says how to record it.
//   - The predicted move beside the move taken (Tab, runs with
//     predicted_action in arrays.npz): at the agent a dark arrow for the
//     move taken and a thinner pink one on top for the consolidator's
//     prediction p_t = argmax_a y_t[a] over the four moves; in the panel
//     the episode's agreement rate #{t : a_t = p_t} / T over its T moves,
//     exploration's share of the choices (episodes.csv), and a strip of one
//     square per move classed green (a_t = p_t), grey (p_t points into a
//     wall or off the maze, so no rule could take it) or amber (any other
//     a_t ≠ p_t: exploration, or the no-turning-back rule; arrays.npz does
//     not say which). Runs made before predicted_action say so in the panel.
//   - Awake replays and sweeps (replay_events.csv columns phase, kind,
//     episode_at, step_at, when present): the episode is cut after step
//     step_at and its awake events play there, the agent standing still:
//     a replay in render's replay colours over the replayed episode's
//     lived path, a sweep (the consolidator's imagined rollout) as a dashed
//     pink path ahead of the agent, compared in the panel with the path
//     the agent then took. Older runs have only sleep replays.
//   - A timeline: one tick per episode (green rewarded, red not; awake
//     replays tick its top in the replay colour, sweeps its bottom in
//     pink) and one bar per sleep (height ∝ replay events); click or drag
//     to jump.
//
// Invariants:
//
//   - The viewer never writes to a run directory and never changes the
//     run it watches; a live run is scenarios.Run's, observed through its
//     progress callback (entries it has reported never change).
//   - Runs are read only through the top-level files (manifest.json,
//     episodes.csv, sleeps.csv, replay_events.csv, arrays.npz; symbolic
//     links followed), CSV columns by name (extra columns are ignored).
//     Opening indexes a run: tables and position arrays are read, the
//     hidden activity only when a panel first needs it.
//   - The maze area is render.DrawMaze once per cell size plus
//     render.DrawOverlay and View.DrawMarks per frame, which gives the
//     pixels of render.Frame with DrawMarks on it for the same place
//     (tested); cells are whole pixels (at least 4).
//   - The window (package window) sends the screen only the 128×32 tiles
//     of the picture that changed since the last frame, and nothing when
//     nothing changed.
//   - Bad input is an error naming the file and the problem, never a panic.
package viewer
