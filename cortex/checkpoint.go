package cortex

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/replaylab/replaylab/internal/npz"
	"gonum.org/v1/gonum/blas/blas64"
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
// arrays (internal/npz; numpy: z = np.load(f); z["W_AB"]): "config" (the
// Config as JSON bytes: json.loads(bytes(z["config"]))), the weights W_in
// (N×In), W_AB, W_BA (N×N), W_out (Out×N), reverse synapses R_AB, R_BA,
// feedback matrices F_out, F_AB, F_BA (FA only, stored with the shapes of
// W_out, W_AB, W_BA and applied transposed), the initial state a0, b0, the
// current state a, b and its low-order parts a_lo, b_lo, Adam's moments
// adam_m_<W>, adam_v_<W>, its step count adam_t and hyper-parameters
// adam_hyper (lr, β1, β2, ε), with learned reverse synapses the sample rings
// samples_{BA,AB}_{rate,current} with samples_head, samples_count, and with
// InitFresh the state of the initial-state stream init_stream (bytes), and
// segment_len, the segment length K of segmented reverse replay in use (0:
// not chosen yet). Save refuses during a reverse run.
func (r *R2N2) Save(w io.Writer) error {
	if r.inReverse {
		return fmt.Errorf("cortex: Save during a reverse run (save between episodes)")
	}
	cfg, err := json.Marshal(r.cfg)
	if err != nil {
		return fmt.Errorf("cortex: save config: %w", err)
	}
	z := &npz.Archive{}
	add := func(name string, data any, shape ...int) {
		if err == nil {
			err = z.Add(name, data, shape...)
		}
	}
	add("version", []int64{checkpointVersion})
	add("config", cfg)
	arrays := r.checkpointArrays()
	for _, name := range slices.Sorted(maps.Keys(arrays)) { // fixed order: byte-identical files
		g := arrays[name]
		add(name, g.Data, g.Rows, g.Cols)
	}
	add("adam_t", []int64{int64(r.opt.T)})
	add("adam_hyper", []float64{r.opt.LR, r.opt.Beta1, r.opt.Beta2, r.opt.Eps})
	add("segment_len", []int64{int64(r.seg.k)})
	if r.ringBA != nil {
		add("samples_head", []int64{int64(r.ringBA.head), int64(r.ringAB.head)})
		add("samples_count", []int64{int64(r.ringBA.count), int64(r.ringAB.count)})
	}
	if r.fresh != nil && err == nil {
		var st []byte
		if st, err = r.fresh.state(); err == nil {
			add("init_stream", st)
		}
	}
	if err == nil {
		_, err = z.WriteTo(w)
	}
	if err != nil {
		return fmt.Errorf("cortex: save: %w", err)
	}
	return nil
}

// npzData returns the data of the array name in z as a []T.
func npzData[T float64 | int64 | uint8](z *npz.Archive, name string) (npz.Array, []T, error) {
	a, ok := z.Get(name)
	if !ok {
		return a, nil, fmt.Errorf("cortex: load: no array %s in the checkpoint", name)
	}
	d, ok := a.Data.([]T)
	if !ok {
		return a, nil, fmt.Errorf("cortex: load: array %s holds %T, want %T", name, a.Data, d)
	}
	return a, d, nil
}

// Load reads a network written by Save; training continues exactly as if it
// had never stopped.
func Load(ra io.ReaderAt, size int64) (*R2N2, error) {
	z, err := npz.Read(ra, size, "checkpoint")
	if err != nil {
		return nil, fmt.Errorf("cortex: load: %w", err)
	}
	_, version, err := npzData[int64](z, "version")
	if err != nil {
		return nil, err
	}
	if len(version) != 1 || version[0] != checkpointVersion {
		return nil, fmt.Errorf("cortex: load: checkpoint version %v, want %d", version, checkpointVersion)
	}
	_, cfgJSON, err := npzData[uint8](z, "config")
	if err != nil {
		return nil, err
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
		a, d, err := npzData[float64](z, name)
		if err != nil {
			return nil, err
		}
		if !slices.Equal(a.Shape, []int{g.Rows, g.Cols}) {
			return nil, fmt.Errorf("cortex: load: %s has shape %v, want %d×%d", name, a.Shape, g.Rows, g.Cols)
		}
		copy(g.Data, d)
		if !allFinite(g.Data) {
			return nil, fmt.Errorf("cortex: load: %s contains NaN or Inf", name)
		}
	}
	_, t, err := npzData[int64](z, "adam_t")
	if err != nil {
		return nil, err
	}
	_, hyper, err := npzData[float64](z, "adam_hyper")
	if err != nil {
		return nil, err
	}
	if len(t) != 1 || t[0] < 0 || len(hyper) != 4 {
		return nil, fmt.Errorf("cortex: load: malformed adam_t %v or adam_hyper %v", t, hyper)
	}
	r.opt.T = int(t[0])
	r.opt.LR, r.opt.Beta1, r.opt.Beta2, r.opt.Eps = hyper[0], hyper[1], hyper[2], hyper[3]
	if r.ringBA != nil {
		if err := loadRings(z, r.ringBA, r.ringAB); err != nil {
			return nil, err
		}
	}
	if r.fresh != nil {
		_, st, err := npzData[uint8](z, "init_stream")
		if err != nil {
			return nil, err
		}
		if err := r.fresh.setState(st); err != nil {
			return nil, fmt.Errorf("cortex: load: %w", err)
		}
	}
	if _, ok := z.Get("segment_len"); ok { // absent before issue 13
		_, k, err := npzData[int64](z, "segment_len")
		if err != nil {
			return nil, err
		}
		if len(k) != 1 || k[0] < 0 || k[0] > MaxSegment {
			return nil, fmt.Errorf("cortex: load: malformed segment_len %v", k)
		}
		r.seg.k = int(k[0])
	}
	r.syncRates()
	return r, nil
}

// loadRings sets the sample rings' positions from samples_head and
// samples_count.
func loadRings(z *npz.Archive, rings ...*sampleRing) error {
	_, head, err := npzData[int64](z, "samples_head")
	if err != nil {
		return err
	}
	_, count, err := npzData[int64](z, "samples_count")
	if err != nil {
		return err
	}
	for i, ring := range rings {
		if len(head) != len(rings) || len(count) != len(rings) || head[i] < 0 || int(head[i]) >= ring.cap || count[i] < 0 || int(count[i]) > ring.cap {
			return fmt.Errorf("cortex: load: malformed samples_head %v or samples_count %v", head, count)
		}
		ring.head, ring.count = int(head[i]), int(count[i])
	}
	return nil
}
