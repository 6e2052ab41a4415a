package cortex

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

func saveBytes(t *testing.T, r *R2N2) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSaveLoadResume: training k episodes, saving, loading and training m
// more gives bit-identical losses, weights and checkpoint bytes to training
// k+m episodes without stopping.
func TestSaveLoadResume(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		reverse ReverseSynapses
		init    InitState
	}{{"bp", ReverseExact, InitClippedNormal}, {"fa", ReverseLearned, InitClippedNormal}, {"published", ReverseExact, InitClippedNormal}, {"published-fresh-init", ReverseExact, InitFresh}} {
		t.Run(tc.mode, func(t *testing.T) {
			f, c, _ := ParseMode(strings.TrimSuffix(tc.mode, "-fresh-init"))
			cfg := DefaultConfig(16, 6, 6)
			cfg.Feedback, cfg.Carry, cfg.Reverse, cfg.LR, cfg.Init = f, c, tc.reverse, 5e-3, tc.init
			xs, targets, _ := r2Memorisation(seeds.New(3, "sequence").Rand, 20, 6)
			const k, m = 30, 20
			straight := newR2N2ForTest(t, cfg, 5)
			stopped := newR2N2ForTest(t, cfg, 5)
			for i := 0; i < k; i++ {
				if _, err := straight.TrainSequence(xs, targets); err != nil {
					t.Fatal(err)
				}
				if _, err := stopped.TrainSequence(xs, targets); err != nil {
					t.Fatal(err)
				}
			}
			b := saveBytes(t, stopped)
			resumed, err := Load(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(saveBytes(t, resumed), b) {
				t.Fatalf("save(load(save(r))) differs from save(r)")
			}
			for i := 0; i < m; i++ {
				l1, err1 := straight.TrainSequence(xs, targets)
				l2, err2 := resumed.TrainSequence(xs, targets)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if math.Float64bits(l1) != math.Float64bits(l2) {
					t.Fatalf("episode %d after resume: loss %v, never stopped %v", i, l2, l1)
				}
			}
			for i := range straight.params {
				for j := range straight.params[i] {
					if math.Float64bits(straight.params[i][j]) != math.Float64bits(resumed.params[i][j]) {
						t.Fatalf("weights differ at matrix %d entry %d: %v vs %v", i, j, straight.params[i][j], resumed.params[i][j])
					}
				}
			}
			if !bytes.Equal(saveBytes(t, straight), saveBytes(t, resumed)) {
				t.Errorf("final checkpoints differ")
			}
		})
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	r := newR2N2ForTest(t, DefaultConfig(4, 2, 2), 1)
	good := saveBytes(t, r)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"empty", nil}, {"truncated", good[:len(good)/2]}, {"garbage", []byte("not a zip archive at all")}} {
		if _, err := Load(bytes.NewReader(tc.data), int64(len(tc.data))); err == nil {
			t.Errorf("%s: Load succeeded, want an error", tc.name)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
}
