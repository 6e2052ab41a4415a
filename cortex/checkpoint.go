package cortex

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// checkpointVersion is stored in every checkpoint; Load rejects others.
const checkpointVersion = 1

// checkpointArrays lists the named matrices of a checkpoint with their
// buffers. Feedback matrices are included only in FA mode (in BP mode they
// are the weights), samples only with learned reverse synapses.
func (r *R2N2) checkpointArrays() map[string]blas64.General {
	col := func(s []float64) blas64.General { return blas64.General{Rows: len(s), Cols: 1, Stride: 1, Data: s} }
	like := func(g blas64.General, data []float64) blas64.General {
		return blas64.General{Rows: g.Rows, Cols: g.Cols, Stride: g.Stride, Data: data}
	}
	m := map[string]blas64.General{
		"W_in": r.wIn, "W_AB": r.wAB, "W_BA": r.wBA, "W_out": r.wOut,
		"R_AB": r.rAB, "R_BA": r.rBA,
		"a0": col(r.a0), "b0": col(r.b0),
		"a": col(r.a), "b": col(r.b), "a_lo": col(r.aLo), "b_lo": col(r.bLo),
	}
	for i, name := range []string{"W_in", "W_AB", "W_BA", "W_out"} {
		shape := m[name]
		m["adam_m_"+name] = like(shape, r.opt.M[i])
		m["adam_v_"+name] = like(shape, r.opt.V[i])
	}
	if r.cfg.Feedback == FeedbackRandom {
		m["F_out"], m["F_AB"], m["F_BA"] = r.fOut, r.fAB, r.fBA
	}
	for name, ring := range map[string]*sampleRing{"BA": r.ringBA, "AB": r.ringAB} {
		if ring != nil {
			m["samples_"+name+"_rate"] = blas64.General{Rows: ring.cap, Cols: ring.n, Stride: ring.n, Data: ring.rate}
			m["samples_"+name+"_current"] = blas64.General{Rows: ring.cap, Cols: ring.n, Stride: ring.n, Data: ring.cur}
		}
	}
	return m
}

// Save writes everything a bit-exact resume needs as an NPZ archive of named
// arrays (numpy: z = np.load(f); z["W_AB"]): "config" (the Config as JSON
// bytes: json.loads(bytes(z["config"]))), the weights W_in (N×In), W_AB, W_BA
// (N×N), W_out (Out×N), reverse synapses R_AB, R_BA, feedback matrices F_out,
// F_AB, F_BA (FA only, stored with the shapes of W_out, W_AB, W_BA and applied
// transposed), the initial state a0, b0, the current state a, b and its
// low-order parts a_lo, b_lo, Adam's moments adam_m_<W>, adam_v_<W>, its
// step count adam_t and hyper-parameters adam_hyper (lr, β1, β2, ε), and with
// learned reverse synapses the sample rings samples_{BA,AB}_{rate,current}
// with samples_head, samples_count, and segment_len, the segment length K of
// segmented reverse replay in use (0: not chosen yet). Save refuses during a reverse run.
func (r *R2N2) Save(w io.Writer) error {
	if r.inReverse {
		return fmt.Errorf("cortex: Save during a reverse run (save between episodes)")
	}
	cfg, err := json.Marshal(r.cfg)
	if err != nil {
		return fmt.Errorf("cortex: save config: %w", err)
	}
	zw := npz.NewWriter(w)
	write := func(name string, v any) {
		if err == nil {
			err = zw.Write(name+".npy", v)
		}
	}
	write("version", []int64{checkpointVersion})
	write("config", cfg)
	arrays := r.checkpointArrays()
	for _, name := range slices.Sorted(maps.Keys(arrays)) { // fixed order: byte-identical files
		g := arrays[name]
		write(name, mat.NewDense(g.Rows, g.Cols, g.Data))
	}
	write("adam_t", []int64{int64(r.opt.T)})
	write("adam_hyper", []float64{r.opt.LR, r.opt.Beta1, r.opt.Beta2, r.opt.Eps})
	write("segment_len", []int64{int64(r.seg.k)})
	if r.ringBA != nil {
		write("samples_head", []int64{int64(r.ringBA.head), int64(r.ringAB.head)})
		write("samples_count", []int64{int64(r.ringBA.count), int64(r.ringAB.count)})
	}
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cortex: save: %w", err)
	}
	return nil
}

// Load reads a network written by Save; training continues exactly as if it
// had never stopped.
func Load(ra io.ReaderAt, size int64) (*R2N2, error) {
	zr, err := npz.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	var version []int64
	if err := zr.Read("version.npy", &version); err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	if len(version) != 1 || version[0] != checkpointVersion {
		return nil, fmt.Errorf("cortex: load: checkpoint version %v, want %d", version, checkpointVersion)
	}
	var cfgJSON []uint8
	if err := zr.Read("config.npy", &cfgJSON); err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	cfg := Config{ReversalTol: DefaultReversalTol} // checkpoints older than issue 13 lack it
	if err := json.Unmarshal(cfgJSON, &cfg); err != nil {
		return nil, fmt.Errorf("cortex: load: config: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	r := allocR2N2(cfg)
	for name, g := range r.checkpointArrays() {
		var m mat.Dense
		if err := zr.Read(name+".npy", &m); err != nil {
			return nil, fmt.Errorf("cortex: load: %w", err)
		}
		rows, cols := m.Dims()
		if rows != g.Rows || cols != g.Cols {
			return nil, fmt.Errorf("cortex: load: %s is %d×%d, want %d×%d", name, rows, cols, g.Rows, g.Cols)
		}
		mat.NewDense(g.Rows, g.Cols, g.Data).Copy(&m)
		if !allFinite(g.Data) {
			return nil, fmt.Errorf("cortex: load: %s contains NaN or Inf", name)
		}
	}
	var t []int64
	var hyper []float64
	if err := zr.Read("adam_t.npy", &t); err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	if err := zr.Read("adam_hyper.npy", &hyper); err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	if len(t) != 1 || t[0] < 0 || len(hyper) != 4 {
		return nil, fmt.Errorf("cortex: load: malformed adam_t %v or adam_hyper %v", t, hyper)
	}
	r.opt.T = int(t[0])
	r.opt.LR, r.opt.Beta1, r.opt.Beta2, r.opt.Eps = hyper[0], hyper[1], hyper[2], hyper[3]
	if r.ringBA != nil {
		var head, count []int64
		if err := zr.Read("samples_head.npy", &head); err != nil {
			return nil, fmt.Errorf("cortex: load: %w", err)
		}
		if err := zr.Read("samples_count.npy", &count); err != nil {
			return nil, fmt.Errorf("cortex: load: %w", err)
		}
		for i, ring := range []*sampleRing{r.ringBA, r.ringAB} {
			if len(head) != 2 || len(count) != 2 || head[i] < 0 || int(head[i]) >= ring.cap || count[i] < 0 || int(count[i]) > ring.cap {
				return nil, fmt.Errorf("cortex: load: malformed samples_head %v or samples_count %v", head, count)
			}
			ring.head, ring.count = int(head[i]), int(count[i])
		}
	}
	if names := zr.Keys(); slices.Contains(names, "segment_len.npy") { // absent before issue 13
		var k []int64
		if err := zr.Read("segment_len.npy", &k); err != nil {
			return nil, fmt.Errorf("cortex: load: %w", err)
		}
		if len(k) != 1 || k[0] < 0 || k[0] > MaxSegment {
			return nil, fmt.Errorf("cortex: load: malformed segment_len %v", k)
		}
		r.seg.k = int(k[0])
	}
	r.syncRates()
	return r, nil
}
