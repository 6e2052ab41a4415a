package record

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestTableFormatsAndRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "episodes.csv")
	tab := NewTable("episode", "success", "loss", "note")
	rows := [][]any{
		{0, false, 0.1, "plain"},
		{int64(1), true, 1.0 / 3, `a "quoted", note`},
		{int32(2), true, math.NaN(), ""},
		{uint64(3), false, 1e-300, "x"},
	}
	for _, r := range rows {
		if err := tab.Append(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := tab.Write(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	want := "episode,success,loss,note\n" +
		"0,false,0.1,plain\n" +
		"1,true,0.3333333333333333,\"a \"\"quoted\"\", note\"\n" +
		"2,true,NaN,\n" +
		"3,false,1e-300,x\n"
	if string(b) != want {
		t.Errorf("episodes.csv =\n%s\nwant\n%s", b, want)
	}
	back, err := ReadTable(path, "episode", "success", "loss", "note")
	if err != nil {
		t.Fatal(err)
	}
	if err := back.Truncate(2); err != nil {
		t.Fatal(err)
	}
	back.Append(2, true, math.NaN(), "")
	back.Append(uint64(3), false, 1e-300, "x")
	path2 := filepath.Join(t.TempDir(), "again.csv")
	back.Write(path2)
	if b2, _ := os.ReadFile(path2); string(b2) != want {
		t.Errorf("reloaded, truncated and extended table differs:\n%s", b2)
	}
}

func TestTableErrors(t *testing.T) {
	dir := t.TempDir()
	tab := NewTable("a", "b")
	path := filepath.Join(dir, "t.csv")
	os.WriteFile(filepath.Join(dir, "empty.csv"), nil, 0o644)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"too few values", tab.Append(1), "record: table row has 1 values, header has 2 columns"},
		{"bad type", tab.Append(1, float32(2)), `record: column "b": unsupported value type float32`},
		{"truncate past end", tab.Truncate(1), "record: truncate table of 0 rows to 1"},
		{"ragged rows", WriteCSV(path, []string{"a"}, [][]string{{"1", "2"}}), "record: " + path + ": row 1 has 2 fields, header has 1"},
		{"wrong header", func() error {
			WriteCSV(path, []string{"a", "c"}, nil)
			_, err := ReadTable(path, "a", "b")
			return err
		}(), "record: " + path + `: header ["a" "c"], want ["a" "b"]`},
		{"empty file", func() error { _, _, err := ReadCSV(filepath.Join(dir, "empty.csv")); return err }(),
			"record: " + filepath.Join(dir, "empty.csv") + ": empty file, want a header line"},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: err = %v, want %s", tt.name, tt.err, tt.want)
		}
	}
}
