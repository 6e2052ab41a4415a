package bench

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/replaylab/replaylab/record"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// WriteText writes a table as space-aligned columns for reading, numbers
// with a decimal point or exponent rounded to 4 significant digits (the CSV
// files keep every digit).
func WriteText(w io.Writer, t *record.Table) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range append([][]string{t.Header()}, t.Rows()...) {
		for i, c := range row {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, shortNumber(c))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// shortNumber rounds a non-integer number cell to 4 significant digits and
// leaves every other cell as it is.
func shortNumber(c string) string {
	if !strings.ContainsAny(c, ".eE") {
		return c
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil {
		return c
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// Curve is one line of a figure.
type Curve struct {
	Label  string
	X, Y   []float64
	Dashed bool
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
// (curves.csv) and figures. A nil table is not produced.
type Report struct {
	Task                           string
	Summary, Verdict, Runs, Curves *record.Table
	Figures                        []Figure
	err                            error // first malformed row, returned by Write
}

// add appends a row to t (one of r's tables). A row that does not fit the
// header is a programming error, kept and returned by Write.
func (r *Report) add(t *record.Table, cells ...any) {
	if err := t.Append(cells...); err != nil && r.err == nil {
		r.err = fmt.Errorf("bench: %s: %w", r.Task, err)
	}
}

// Write saves the report's files into dir (created if missing), each written
// atomically by record.
func (r *Report) Write(dir string) error {
	if r.err != nil {
		return r.err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: output folder: %w", err)
	}
	for name, t := range map[string]*record.Table{"summary.csv": r.Summary, "verdict.csv": r.Verdict, "runs.csv": r.Runs, "curves.csv": r.Curves} {
		if t == nil {
			continue
		}
		if err := t.Write(filepath.Join(dir, r.Task+"_"+name)); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
	}
	for _, f := range r.Figures {
		if err := record.WriteFileAtomic(filepath.Join(dir, f.File), f.writePNG); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
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
