// Package cortex is the consolidator: a reversible recurrent network (R2N2)
// that learns from replay, with its optimiser (Adam) and losses. The full
// description of the model, its equations and invariants is below (filled
// in with the R2N2 implementation).
package cortex
