// Package record writes and reads a run's directory: the manifest, the CSV
// tables, the NPZ arrays and the checkpoint that lets an interrupted run
// resume bit-exactly. It takes plain Go values and knows nothing of the
// model, so the runner decides what goes in each file.
//
// Invariants:
//
//   - Every file is written atomically (WriteFileAtomic): the bytes go to a
//     temporary file in the same folder, are fsynced, and the temporary file
//     is renamed over the target. A failed write leaves the old file (or no
//     file) untouched and no temporary file behind.
//   - The checkpoint folder is replaced as a whole: it is written into
//     "checkpoint.tmp/" and renamed, so a reader sees either the old
//     checkpoint or the new one, never a mixture; the previous one stays
//     until the new one is complete. Its index lists every part with its
//     size and SHA-256, and LoadCheckpoint verifies them (and an NPZ
//     part's zip CRCs): a damaged part is refused by name
//     (ErrCorruptCheckpoint), never loaded.
//   - The outputs (episodes.csv, sleeps.csv, replay_events.csv,
//     arrays.npz) always agree on disk. Each checkpoint writes them as one
//     generation into a hidden folder ".out/gNNNNNN/" (fsynced), then one
//     rename of a symbolic link makes ".out/current" point at it; the
//     top-level names are fixed relative links through ".out/current"
//     ("episodes.csv -> .out/current/episodes.csv"), so readers keep their
//     paths (numpy.load("runs/x/arrays.npz")). A kill at any moment
//     leaves the old generation or the new one, whole. Older generations
//     are removed after the switch.
//   - A run directory is held by one process at a time: Open takes an
//     exclusive flock on ".lock" for the whole run (Lock); a second
//     process is refused with the holder's PID, host and start time.
//   - Open removes what a killed process left: temporary files of atomic
//     writes, an unfinished checkpoint.tmp/, uncommitted generations.
//   - Same content ⇒ same bytes for the CSV tables and the NPZ archive. CSV
//     floats are formatted with strconv.FormatFloat(x, 'g', -1, 64): the
//     shortest text that parses back to the same float64, so a table read
//     back and rewritten (as a resumed run does) is unchanged. NPZ entries
//     carry a fixed modification time (1980-01-01 00:00:00 UTC, the
//     earliest a zip can hold) and are stored uncompressed.
//   - The manifest is the only file whose bytes differ between two runs
//     with the same seed, because it holds creation and update times.
//
// Appending across a resume is done by rewriting: the runner keeps the rows
// of a table in memory (reloading them with ReadCSV on resume) and rewrites
// the whole table atomically, which costs little for tables of thousands
// of rows and can never leave a torn last line.
package record
