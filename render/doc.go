// Package render draws a run's pictures in pure Go, with no window and no
// cgo: frames of the maze with the agent, its trail and a replayed path
// (as *image.RGBA, the same frames the viewer shows and batch runs save),
// PNG and animated GIF encoders, and the figures of a run (learning
// curve, replay against success, trajectories) drawn with gonum/plot.
// It takes plain values (a Grid of cell kinds, paths of Cells, slices of
// numbers) and imports no other replaylab package.
//
// Invariants and choices:
//
//   - Deterministic pixels. Frames are drawn with integer arithmetic only
//     (filled rectangles, discs and triangles, alpha blending by
//     image/draw), so they are identical on every platform. Plots are
//     rasterised by gonum/plot's vgimg in floating point: identical bytes
//     from run to run on one architecture (tested), possibly not across
//     architectures whose compilers fuse multiply-adds (arm64).
//   - Fixed palette (Palette): walls dark grey, floor off-white, start
//     light blue, reward green, cue light orange, door brown. Trails are
//     blue, fading from 90 % opaque (newest) to 25 % (oldest). A replayed
//     path is red-orange (forward) or purple (reverse), from pale at the
//     first replayed cell to saturated at the last, with an arrowhead on
//     each step: its direction reads off the picture without colour.
//   - Row 0 of a Grid is drawn at the top; a cell is CellSize pixels
//     square (default 16); paths run through cell centres; labels sit in
//     the top left corner of their cell, out of the paths' way.
//   - GIFs use a fixed palette (GIFPalette: the render palette, then the
//     216 web-safe colours) and nearest-colour mapping without dithering,
//     so the bytes depend on the frames only.
//   - Nothing here imports Ebiten; the interactive viewer lives in
//     render/viewer.
package render
