// Package npz writes and reads NumPy .npz archives of named arrays,
// byte-identically for identical content. It is the one NPZ codec of the
// house: record writes a run's arrays.npz with it, cortex its checkpoints
// (a model package may not import record, so the codec lives below both).
package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	npyz "codeberg.org/sbinet/npyio/npz"
)

// Array is one named array of an NPZ archive: its data in row-major (C)
// order and its shape. Data is one of []float64, []int64, []int32 or
// []uint8, and the product of Shape equals its length.
type Array struct {
	Name  string
	Shape []int
	Data  any
}

// Archive collects named arrays, in the order they are added, and writes them
// as a NumPy .npz archive (np.load(path) reads it). Each array is stored
// as the entry "name.npy", uncompressed, with a fixed modification time,
// so identical content always gives identical bytes.
//
// The .npy entries are encoded here rather than with npyio's npy.Write,
// which writes only one-dimensional shapes for flat slices; Read
// decodes them with npyio.
type Archive struct {
	arrays []Array
}

// zipTime is the modification time of every entry: the zip epoch, fixed so
// that archives are byte-identical.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Add appends a copy of data as the array name with the given shape (one
// dimension of len(data) when shape is empty). Data must be []float64,
// []int64, []int32 or []uint8.
func (z *Archive) Add(name string, data any, shape ...int) error {
	if name == "" || strings.ContainsAny(name, "/\\") {
		return fmt.Errorf("npz: array name %q: want a non-empty name without slashes", name)
	}
	if _, ok := z.Get(name); ok {
		return fmt.Errorf("npz: array %q added twice", name)
	}
	var n int
	switch d := data.(type) {
	case []float64:
		n, data = len(d), slices.Clone(d)
	case []int64:
		n, data = len(d), slices.Clone(d)
	case []int32:
		n, data = len(d), slices.Clone(d)
	case []uint8:
		n, data = len(d), slices.Clone(d)
	default:
		return fmt.Errorf("npz: array %q: unsupported type %T, want []float64, []int64, []int32 or []uint8", name, data)
	}
	if len(shape) == 0 {
		shape = []int{n}
	}
	size := 1
	for _, s := range shape {
		if s < 0 {
			return fmt.Errorf("npz: array %q: negative dimension in shape %v", name, shape)
		}
		size *= s
	}
	if size != n {
		return fmt.Errorf("npz: array %q: shape %v holds %d values, data has %d", name, shape, size, n)
	}
	z.arrays = append(z.arrays, Array{Name: name, Shape: slices.Clone(shape), Data: data})
	return nil
}

// Arrays returns the arrays in the order they were added. The caller must
// not modify them.
func (z *Archive) Arrays() []Array { return z.arrays }

// Get returns the array called name.
func (z *Archive) Get(name string) (Array, bool) {
	for _, a := range z.arrays {
		if a.Name == name {
			return a, true
		}
	}
	return Array{}, false
}

// WriteTo writes the archive to w.
func (z *Archive) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	zw := zip.NewWriter(cw)
	for _, a := range z.arrays {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: a.Name + ".npy", Method: zip.Store, Modified: zipTime})
		if err != nil {
			return cw.n, fmt.Errorf("npz: array %q: %w", a.Name, err)
		}
		if err := writeNPY(f, a); err != nil {
			return cw.n, fmt.Errorf("npz: array %q: %w", a.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return cw.n, fmt.Errorf("npz: %w", err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeNPY encodes a as a .npy file, format version 1.0: magic, version,
// little-endian header length, a Python dict literal padded with spaces so
// that the data starts at a multiple of 64 bytes, then the little-endian
// data in C order.
func writeNPY(w io.Writer, a Array) error {
	var descr string
	var data []byte
	switch d := a.Data.(type) {
	case []float64:
		descr, data = "<f8", make([]byte, 0, 8*len(d))
		for _, x := range d {
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(x))
		}
	case []int64:
		descr, data = "<i8", make([]byte, 0, 8*len(d))
		for _, x := range d {
			data = binary.LittleEndian.AppendUint64(data, uint64(x))
		}
	case []int32:
		descr, data = "<i4", make([]byte, 0, 4*len(d))
		for _, x := range d {
			data = binary.LittleEndian.AppendUint32(data, uint32(x))
		}
	case []uint8:
		descr, data = "|u1", d
	}
	var dims []string
	for _, s := range a.Shape {
		dims = append(dims, strconv.Itoa(s))
	}
	shape := "(" + strings.Join(dims, ", ") + ")"
	if len(dims) == 1 {
		shape = "(" + dims[0] + ",)"
	}
	dict := "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
	const prefix = 6 + 2 + 2 // magic, version, header length
	pad := 63 - (prefix+len(dict))%64
	dict += strings.Repeat(" ", pad) + "\n"
	var hdr bytes.Buffer
	hdr.WriteString("\x93NUMPY\x01\x00")
	hdr.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(dict))))
	hdr.WriteString(dict)
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// Read reads an archive of size bytes from ra, written by Archive.WriteTo
// (or by numpy's np.savez with arrays of the supported dtypes), in the
// archive's entry order; source names it in errors (a path, "checkpoint").
func Read(ra io.ReaderAt, size int64, source string) (*Archive, error) {
	r, err := npyz.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %w", source, err)
	}
	z := &Archive{}
	for _, key := range r.Keys() {
		h := r.Header(key)
		if h == nil {
			return nil, fmt.Errorf("npz: %s: entry %q is not a .npy array", source, key)
		}
		var data any
		dtype := strings.Trim(h.Descr.Type, `'"`)
		switch dtype {
		case "<f8":
			data, err = readEntry[float64](r, key)
		case "<i8":
			data, err = readEntry[int64](r, key)
		case "<i4":
			data, err = readEntry[int32](r, key)
		case "|u1":
			data, err = readEntry[uint8](r, key)
		default:
			return nil, fmt.Errorf("npz: %s: entry %q has dtype %s, want <f8, <i8, <i4 or |u1", source, key, dtype)
		}
		if err != nil {
			return nil, fmt.Errorf("npz: %s: %w", source, err)
		}
		if err := z.Add(strings.TrimSuffix(key, ".npy"), data, h.Descr.Shape...); err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, source)
		}
	}
	return z, nil
}

func readEntry[T float64 | int64 | int32 | uint8](r *npyz.Reader, key string) ([]T, error) {
	var d []T
	err := r.Read(key, &d)
	return d, err
}
