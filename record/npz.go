package record

import (
	"fmt"
	"io"
	"os"

	"github.com/replaylab/replaylab/internal/npz"
)

// Array is one named array of an NPZ archive (see internal/npz).
type Array = npz.Array

// NPZ collects named arrays, in the order they are added, and writes them
// as a NumPy .npz archive (np.load(path) reads it), byte-identical for
// identical content. The codec is internal/npz, shared with the cortex
// checkpoints; record adds the atomic file writes.
type NPZ struct {
	npz.Archive
}

// Write writes the archive to path atomically.
func (z *NPZ) Write(path string) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := z.WriteTo(w)
		return err
	})
}

// ReadNPZ reads an archive written by NPZ.Write (or by numpy's np.savez
// with arrays of the supported dtypes), in the archive's entry order.
func ReadNPZ(path string) (*NPZ, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	a, err := npz.Read(f, st.Size(), path)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	return &NPZ{Archive: *a}, nil
}
