// Package bench runs the paper's benchmarks (MODEL.md §5) side by side for
// R2N2 in its modes and the baselines (RFLO, reservoir, exact BPTT), and
// writes their tables, CSV files and learning-curve figures. It is the
// engine of `replaylab bench`; the models live in cortex and the data sets
// in env.
//
// Choices MODEL.md leaves open, made here:
//
//   - Matched sizes: R2N2 and BPTT have two groups of n units; RFLO and the
//     reservoir have 2n units. Every model uses the task's learning rate
//     (Adam, one update per sequence with the mean gradient): a^n b^n 1e-3
//     (n = 32), memorisation 5e-3 (n = 64), sequential MNIST 5e-4 (n = 64,
//     cross-entropy at the last step, initial state all 0.2).
//   - No per-model tuning: every model gets the task's learning rate, and the
//     reservoir its defaults (spectral radius 1.2, input scale 1). Measured on
//     a^n b^n seed 1, 3000 epochs: a reservoir with radius 2–3, input scale 3
//     and lr 1e-2 solves band 1 in 5–15 epochs, band 6 in 38, band 11 in 129,
//     band 16 in ~640–750 and band 26 in 1517 (radius 3); BPTT (= R2N2 bp)
//     at lr 1e-2 solves band 1 in 416, band 16 in 122, band 26 in 247 epochs
//     (not held to the end). Comparisons are only as fair as these settings.
//   - R2N2 variants and BPTT with the same seed start from identical weights
//     and initial state (the same named random stream); RFLO and the
//     reservoir draw from their own streams.
//   - a^n b^n: one epoch is the band's 4 strings in a fresh random order, one
//     update per string. After each epoch every string is predicted from the
//     initial state; a string is right with ≤ 1 wrong next-symbol argmax. The
//     solved epoch is the first epoch after which all 4 are right; training
//     continues to the last epoch and the final correct rate is measured
//     then.
//   - Memorisation: one string of 20 symbols over 6 (19 predictions) per
//     seed; a trial is one update; solved = every prediction right.
//   - Sequential MNIST: online, one update per digit, digits in file order;
//     test accuracy on the test set after the last epoch.
//   - Reconstruction (R2N2 only): n = 64, T = 100, inputs uniform in
//     [0, 0.5), initial state uniform in [−5, 5]; exact reverse synapses and
//     synapses fitted by least squares on 4 earlier forward runs.
//   - Memory: for each T, the bytes allocated (runtime.MemStats.TotalAlloc
//     delta) by building a model and training it on one sequence of length T,
//     inputs excluded (they are built before). This bounds the heap growth of
//     training from above; for BPTT it is dominated by the stored rates,
//     16·n·(T+1) bytes.
//
// Runs are independent jobs executed by a pool of GOMAXPROCS goroutines;
// each job's randomness comes from streams named by (seed, task, model), so
// results do not depend on the number of workers. Output files are written
// to a temporary name and renamed.
package bench
