package record

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := Manifest{
		Scenario: "tmaze-cued", Resolved: "schema_version = 1\n", Seed: 7, Version: "v0.1.0",
		Status:  StatusRunning,
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Updated: time.Date(2026, 1, 2, 3, 5, 0, 0, time.UTC),
	}
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got != m {
		t.Errorf("ReadManifest = %+v, want %+v", got, m)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	for _, want := range []string{`"status": "running"`, `"seed": 7`, `"scenario_toml": "schema_version = 1\n"`, `"created": "2026-01-02T03:04:05Z"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("manifest.json lacks %s:\n%s", want, b)
		}
	}
}

func TestManifestErrors(t *testing.T) {
	dir := t.TempDir()
	err := WriteManifest(dir, Manifest{Status: "done"})
	if want := `record: manifest status "done": want running, finished or failed`; err == nil || err.Error() != want {
		t.Errorf("bad status: err = %v, want %s", err, want)
	}
	_, err = ReadManifest(dir)
	if !errors.Is(err, ErrNoManifest) || err.Error() != "record: "+dir+": no manifest.json" {
		t.Errorf("missing manifest: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{"), 0o644)
	_, err = ReadManifest(dir)
	if want := "record: " + filepath.Join(dir, ManifestFile) + ": unexpected end of JSON input"; err == nil || err.Error() != want {
		t.Errorf("broken manifest: err = %v, want %s", err, want)
	}
}
