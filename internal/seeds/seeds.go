// Package seeds derives the independent random streams of a run.
//
// Every subsystem (the consolidator, the cache, the environment, the policy,
// sleep, ...) draws from its own stream, derived from the run seed and the
// subsystem's name, so that adding draws in one subsystem never shifts the
// numbers another sees, and no code touches the global math/rand source.
// A Stream's state can be saved and restored, so an interrupted run resumes
// bit-exactly.
package seeds

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream is a seeded random stream whose state can be saved and restored.
// It embeds *rand.Rand, so it is used as one.
type Stream struct {
	*rand.Rand
	src *rand.PCG
}

// New returns the stream named name of the run with the given seed.
// The same (seed, name) always gives the same numbers.
func New(seed uint64, name string) *Stream {
	h := fnv.New64a()
	h.Write([]byte(name))
	src := rand.NewPCG(seed, h.Sum64())
	return &Stream{Rand: rand.New(src), src: src}
}

// MarshalBinary returns the stream's current state.
func (s *Stream) MarshalBinary() ([]byte, error) { return s.src.MarshalBinary() }

// UnmarshalBinary restores a state returned by MarshalBinary.
func (s *Stream) UnmarshalBinary(b []byte) error { return s.src.UnmarshalBinary(b) }
