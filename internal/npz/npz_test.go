package npz

import (
	"bytes"
	"testing"
)

func TestNPZCopiesData(t *testing.T) {
	d := []float64{1, 2}
	z := &Archive{}
	z.Add("x", d)
	d[0] = 99
	if a, _ := z.Get("x"); a.Data.([]float64)[0] != 1 {
		t.Errorf("Archive kept a reference to the caller's slice")
	}
}

func TestNPZAddErrors(t *testing.T) {
	z := &Archive{}
	z.Add("x", []float64{1})
	tests := []struct {
		name  string
		data  any
		shape []int
		want  string
	}{
		{"x", []float64{1}, nil, `npz: array "x" added twice`},
		{"", []float64{1}, nil, `npz: array name "": want a non-empty name without slashes`},
		{"a/b", []float64{1}, nil, `npz: array name "a/b": want a non-empty name without slashes`},
		{"y", []float32{1}, nil, `npz: array "y": unsupported type []float32, want []float64, []int64, []int32 or []uint8`},
		{"y", []float64{1, 2, 3}, []int{2, 2}, `npz: array "y": shape [2 2] holds 4 values, data has 3`},
		{"y", []float64{}, []int{-1, 0}, `npz: array "y": negative dimension in shape [-1 0]`},
	}
	for _, tt := range tests {
		err := z.Add(tt.name, tt.data, tt.shape...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Add(%q, %T, %v): err = %v, want %s", tt.name, tt.data, tt.shape, err, tt.want)
		}
	}
}

// TestNPYHeaderAligned checks that each array's data starts at a multiple
// of 64 bytes into its .npy entry, as the format asks.
func TestNPYHeaderAligned(t *testing.T) {
	for _, shape := range [][]int{{1}, {12}, {2, 3, 2}, {1, 1, 1, 1, 12}} {
		var buf bytes.Buffer
		if err := writeNPY(&buf, Array{Name: "x", Shape: shape, Data: make([]float64, 12)}); err != nil {
			t.Fatal(err)
		}
		if hdr := buf.Len() - 8*12; hdr%64 != 0 || buf.Bytes()[hdr-1] != '\n' {
			t.Errorf("shape %v: header is %d bytes, want a multiple of 64 ending in a newline", shape, hdr)
		}
	}
}
