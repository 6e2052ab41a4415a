package bench

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Table is a header and rows of cells, written as aligned text or CSV.
type Table struct {
	Header []string
	Rows   [][]string
}

// Add appends a row of cells formatted with %v (floats with %.4g).
func (t *Table) Add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case float64:
			row[i] = fmt.Sprintf("%.4g", v)
		default:
			row[i] = fmt.Sprint(v)
		}
	}
	t.Rows = append(t.Rows, row)
}

// WriteText writes the table as space-aligned columns.
func (t Table) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		for i, c := range row {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, c)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// WriteCSV writes the table as CSV with a header line.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// Curve is one line of a figure.
type Curve struct {
	Label  string
	X, Y   []float64
	Dashed bool
}

// smooth returns the running mean of y over a trailing window of w points
// (shorter at the start).
func smooth(y []float64, w int) []float64 {
	out := make([]float64, len(y))
	var sum float64
	for i, v := range y {
		sum += v
		if i >= w {
			sum -= y[i-w]
		}
		out[i] = sum / float64(min(i+1, w))
	}
	return out
}

// Figure is a learning-curve plot saved as PNG.
type Figure struct {
	File, Title, XLabel, YLabel string
	Curves                      []Curve
	// LogX and LogY put an axis on a logarithmic scale (values must be > 0).
	LogX, LogY bool
	// YMax, if not 0, fixes the top of the y axis (room for the legend).
	YMax float64
}

// Report is what a benchmark produces: the summary table (printed and
// summary.csv), for a^n b^n a verdict table on the paper's claim (printed and
// verdict.csv), one row per run (runs.csv), learning curves in long format
// (curves.csv) and figures.
type Report struct {
	Task    string
	Summary Table
	Verdict Table
	Runs    Table
	Curves  Table
	Figures []Figure
}

// Write saves the report's files into dir (created if missing), each written
// atomically.
func (r *Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: output folder: %w", err)
	}
	for name, t := range map[string]Table{"summary.csv": r.Summary, "verdict.csv": r.Verdict, "runs.csv": r.Runs, "curves.csv": r.Curves} {
		if len(t.Header) == 0 {
			continue
		}
		if err := writeAtomic(filepath.Join(dir, r.Task+"_"+name), t.WriteCSV); err != nil {
			return err
		}
	}
	for _, f := range r.Figures {
		if err := writeAtomic(filepath.Join(dir, f.File), f.writePNG); err != nil {
			return err
		}
	}
	return nil
}

// writeAtomic writes a file through a temporary name in the same folder and
// renames it, so a reader never sees a half-written file.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it 0600
		tmp.Close()
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("bench: writing %s: %w", path, err)
	}
	return nil
}

// palette gives each model a fixed, distinguishable colour.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xd6, 0x27, 0x28, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
}

func (f Figure) writePNG(w io.Writer) error {
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	p.Legend.Top = true
	if f.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: 1}
	}
	if f.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: 1}
	}
	if f.YMax != 0 {
		p.Y.Min, p.Y.Max = 0, f.YMax
	}
	for i, c := range f.Curves {
		xy := make(plotter.XYs, len(c.X))
		for j := range c.X {
			xy[j].X, xy[j].Y = c.X[j], c.Y[j]
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return fmt.Errorf("curve %s: %w", c.Label, err)
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.2)
		if c.Dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(c.Label, l)
	}
	wt, err := p.WriterTo(7*vg.Inch, 4.5*vg.Inch, "png")
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}
