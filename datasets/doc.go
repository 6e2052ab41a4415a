// Package datasets holds the sequence data sets of the benchmarks (MODEL.md
// §5): a^n b^n, sequence memorisation, random inputs for activity
// reconstruction, and sequential MNIST. Each is a list of Sequences (the
// input at every step and the target for the output read after it) that any
// cortex.SequenceModel trains on; env holds the world the agent lives in.
//
// # Sequences
//
// A next-symbol sequence (NextSymbol) of a string of T symbols has T−1
// steps: input symbol t one-hot, target symbol t+1 one-hot. a^n b^n strings
// are aⁿ # bⁿ # (2n+1 predictions); a string counts as right with at most
// one wrong argmax (AnBnMaxWrong: where the a-run ends cannot be
// predicted). Memorisation is one random string of 20 symbols over 6.
// Sequential MNIST feeds a binarised digit (pixel > 127 of 255) row by row,
// 28 steps of 28 inputs (the masked variant drops the first 10 rows), with a
// one-hot class target at the last step only.
//
// # MNIST files
//
// The four gzipped IDX files ship in the GoMNIST Go module. MNISTDir finds
// them without running any program: the --mnist-dir folder, else
// $REPLAYLAB_MNIST_DIR, else the module's data folder in the Go module cache;
// when they are missing its error says where it looked and what to do.
//
// # Invariants
//
// Data sets are built once and never modified by the models. MNIST.Fill
// writes a digit into preallocated buffers without allocating. The same
// random stream state gives the same memorisation string and random inputs.
package datasets
