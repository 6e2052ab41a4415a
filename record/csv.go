package record

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
)

// Table is a CSV table with a fixed header, built in memory row by row and
// written atomically in one go. A resumed run reloads it with ReadTable,
// drops the rows after its checkpoint with Truncate, and keeps appending.
type Table struct {
	header []string
	rows   [][]string
}

// NewTable returns an empty table with the given column names.
func NewTable(header ...string) *Table {
	return &Table{header: slices.Clone(header)}
}

// Header returns the column names. The caller must not modify it.
func (t *Table) Header() []string { return t.header }

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Rows returns the formatted rows. The caller must not modify them.
func (t *Table) Rows() [][]string { return t.rows }

// Append adds one row. Values may be string, bool, int, int32, int64,
// uint64 or float64 and are formatted as by FormatValue; the number of
// values must match the header.
func (t *Table) Append(values ...any) error {
	if len(values) != len(t.header) {
		return fmt.Errorf("record: table row has %d values, header has %d columns", len(values), len(t.header))
	}
	row := make([]string, len(values))
	for i, v := range values {
		s, err := FormatValue(v)
		if err != nil {
			return fmt.Errorf("record: column %q: %w", t.header[i], err)
		}
		row[i] = s
	}
	t.rows = append(t.rows, row)
	return nil
}

// Truncate keeps the first n rows, e.g. the rows a checkpoint covers.
func (t *Table) Truncate(n int) error {
	if n < 0 || n > len(t.rows) {
		return fmt.Errorf("record: truncate table of %d rows to %d", len(t.rows), n)
	}
	t.rows = t.rows[:n]
	return nil
}

// Write writes the table to path atomically.
func (t *Table) Write(path string) error { return WriteCSV(path, t.header, t.rows) }

// WriteTo writes the table as CSV to w (as Write does to a file).
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := writeCSV(cw, t.header, t.rows)
	return cw.n, err
}

// ReadTable reloads a table written by Write, checking that its header is
// the expected one.
func ReadTable(path string, header ...string) (*Table, error) {
	got, rows, err := ReadCSV(path)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("record: %s: header %q, want %q", path, got, header)
	}
	return &Table{header: slices.Clone(header), rows: rows}, nil
}

// FormatFloat formats x with strconv's 'g' format and the shortest
// precision that reads back to the same float64 (NaN, +Inf and -Inf are
// written as such; numpy and pandas read them).
func FormatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// FormatValue formats one table cell deterministically.
func FormatValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case float64:
		return FormatFloat(v), nil
	default:
		return "", fmt.Errorf("unsupported value type %T", v)
	}
}

// WriteCSV writes a header and rows to path atomically, with "\n" line
// endings and quoting only where CSV needs it. Every row must have as
// many fields as the header.
func WriteCSV(path string, header []string, rows [][]string) error {
	for i, r := range rows {
		if len(r) != len(header) {
			return fmt.Errorf("record: %s: row %d has %d fields, header has %d", path, i+1, len(r), len(header))
		}
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return writeCSV(w, header, rows) })
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// ReadCSV reads a table written by WriteCSV: its header and its rows.
func ReadCSV(path string) (header []string, rows [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("record: %w", err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("record: %s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("record: %s: empty file, want a header line", path)
	}
	return all[0], all[1:], nil
}

// countingWriter counts the bytes written through it (for WriteTo's result).
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
