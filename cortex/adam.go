package cortex

import (
	"fmt"
	"math"
)

// Default Adam hyper-parameters (MODEL.md §2, "Update").
const (
	DefaultAdamBeta1 = 0.9
	DefaultAdamBeta2 = 0.999
	DefaultAdamEps   = 1e-7
)

// Adam is the Adam optimiser (Kingma & Ba 2015) with bias correction, for a
// fixed list of parameter slices. Its state (step count and both moment
// buffers) is exported so that a checkpoint can store it and a resumed run
// continues bit-exactly.
//
// One Step, with g the mean gradient and t the step count after increment:
//
//	m ← β1·m + (1−β1)·g
//	v ← β2·v + (1−β2)·g²
//	p ← p − LR · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
type Adam struct {
	// LR is the learning rate; Beta1, Beta2 the moment decay rates; Eps the
	// denominator guard.
	LR, Beta1, Beta2, Eps float64
	// T is the number of steps taken so far.
	T int
	// M and V are the first and second moment estimates, one slice per
	// parameter slice, in the order given to NewAdam.
	M, V [][]float64
}

// NewAdam makes an optimiser for parameter slices of the given lengths, with
// learning rate lr and the default β1 = 0.9, β2 = 0.999, ε = 1e-7.
func NewAdam(lr float64, sizes ...int) *Adam {
	o := &Adam{LR: lr, Beta1: DefaultAdamBeta1, Beta2: DefaultAdamBeta2, Eps: DefaultAdamEps}
	o.M = make([][]float64, len(sizes))
	o.V = make([][]float64, len(sizes))
	for i, n := range sizes {
		o.M[i] = make([]float64, n)
		o.V[i] = make([]float64, n)
	}
	return o
}

// Step applies one update to params using grads (the mean gradient of the
// loss, same shapes as the sizes given to NewAdam). It allocates nothing.
// It panics if the shapes differ from those given to NewAdam, which is a
// programming error, not a user input.
func (o *Adam) Step(params, grads [][]float64) {
	if len(params) != len(o.M) || len(grads) != len(o.M) {
		panic(fmt.Sprintf("cortex: Adam.Step with %d params, %d grads; optimiser has %d", len(params), len(grads), len(o.M)))
	}
	o.T++
	b1, b2 := o.Beta1, o.Beta2
	c1 := 1 - math.Pow(b1, float64(o.T))
	c2 := 1 - math.Pow(b2, float64(o.T))
	k := adamConsts{b1: b1, omb1: 1 - b1, b2: b2, omb2: 1 - b2, c1: c1, c2: c2, lr: o.LR, eps: o.Eps}
	for i, p := range params {
		g, m, v := grads[i], o.M[i], o.V[i]
		if len(p) != len(m) || len(g) != len(m) {
			panic(fmt.Sprintf("cortex: Adam.Step slice %d: params %d, grads %d, optimiser %d", i, len(p), len(g), len(m)))
		}
		adamUpdate(p, g, m, v, &k) // kernels.go
	}
}
