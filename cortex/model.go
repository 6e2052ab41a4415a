package cortex

// SequenceModel is the small training interface that the benchmarks use for
// every learner: R2N2 in its modes, and the baselines RFLO, the reservoir and
// exact BPTT.
//
// A sequence always starts from the model's initial state. targets[t] is the
// target for the output read after input xs[t]; a nil target means no loss at
// that step. TrainSequence makes one weight update per call and returns the
// mean loss over the steps that have a target, computed with the weights
// before the update. Predict writes the output after each input into ys
// (len(ys) == len(xs), each of the output size) and changes no weights.
type SequenceModel interface {
	TrainSequence(xs, targets [][]float64) (float64, error)
	Predict(xs, ys [][]float64) error
}
