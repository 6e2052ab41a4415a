package env

import "testing"

func TestMNISTLoadAndFill(t *testing.T) {
	dir, err := MNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 {
		t.Fatalf("train %d, test %d digits; want 60000, 10000", train.Len(), test.Len())
	}
	// The first training digit of MNIST is a 5; binarised digits cover about
	// 13 % of the pixels.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d, %d; want 5, 7", train.Labels[0], test.Labels[0])
	}
	on := 0
	for _, px := range train.Pixels[:1000] {
		for _, p := range px {
			on += int(p)
		}
	}
	if frac := float64(on) / (1000 * 784); frac < 0.10 || frac > 0.16 {
		t.Errorf("fraction of pixels on = %.3f, want ≈ 0.13", frac)
	}
	for _, tc := range []struct{ skip, T int }{{0, 28}, {MNISTMaskedRows, 18}} {
		seq, err := NewMNISTSequence(tc.skip)
		if err != nil {
			t.Fatal(err)
		}
		if len(seq.Inputs) != tc.T {
			t.Fatalf("skip %d: %d steps, want %d", tc.skip, len(seq.Inputs), tc.T)
		}
		allocs := testing.AllocsPerRun(10, func() { train.Fill(seq, 0) })
		if allocs != 0 {
			t.Errorf("Fill allocates %v times", allocs)
		}
		if Argmax(seq.Targets[tc.T-1]) != 5 || seq.Targets[0] != nil {
			t.Errorf("skip %d: targets wrong", tc.skip)
		}
		// Row r of the digit is input r−skip.
		for j := range MNISTCols {
			if seq.Inputs[14-tc.skip][j] != float64(train.Pixels[0][14*MNISTCols+j]) {
				t.Fatalf("skip %d: input row does not match pixel row 14", tc.skip)
			}
		}
	}
	if sub := train.Subset(300); sub.Len() != 300 {
		t.Errorf("Subset(300) has %d digits", sub.Len())
	}
	if _, err := NewMNISTSequence(28); err == nil || err.Error() != "env: MNIST rows to skip must be in [0, 28), got 28" {
		t.Errorf("NewMNISTSequence(28) error = %v", err)
	}
}
