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
//   - A timeline: one tick per episode (green rewarded, red not) and one bar
//     per sleep (height ∝ replay events); click or drag to jump.
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
//     render.DrawOverlay per frame, which gives the pixels of render.Frame
//     for the same Options (tested); cells are whole pixels (at least 4).
//   - Bad input is an error naming the file and the problem, never a panic.
package viewer
