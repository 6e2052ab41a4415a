package viewer

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/replaylab/replaylab/record"
)

// Source supplies a run's data as it grows.
type Source interface {
	// Poll returns new data when the run changed since the last call
	// (nil when it did not).
	Poll() (*Data, error)
}

// DirSource follows a run directory: it reopens it when its files change
// (a run that is still running rewrites them at every checkpoint).
type DirSource struct {
	dir  string
	seen string
}

// NewDirSource opens the run directory dir and returns its data and a
// source that follows it.
func NewDirSource(dir string) (*Data, *DirSource, error) {
	s := &DirSource{dir: dir}
	s.seen = s.signature()
	d, err := Open(dir)
	if err != nil {
		return nil, nil, err
	}
	return d, s, nil
}

// signature changes whenever one of the run's files is replaced.
func (s *DirSource) signature() string {
	sig := ""
	for _, name := range []string{record.ManifestFile, record.EpisodesFile, record.SleepsFile, record.ReplayEventsFile, record.ArraysFile} {
		if st, err := os.Stat(filepath.Join(s.dir, name)); err == nil {
			sig += fmt.Sprintf("%s:%d:%d;", name, st.Size(), st.ModTime().UnixNano())
		}
	}
	return sig
}

// Poll implements Source. Files a run is writing are replaced atomically,
// but the tables and arrays are separate files: a reading that finds them
// out of step is retried on the next poll.
func (s *DirSource) Poll() (*Data, error) {
	sig := s.signature()
	if sig == s.seen {
		return nil, nil
	}
	d, err := Open(s.dir)
	if err != nil {
		return nil, err
	}
	s.seen = sig
	return d, nil
}

// LiveSource adapts a Live run to Source.
type LiveSource struct {
	live    *Live
	version int
}

// NewLiveSource returns the live run's data so far and a source that
// follows it.
func NewLiveSource(l *Live) (*Data, *LiveSource) {
	d, v := l.Snapshot()
	return d, &LiveSource{live: l, version: v}
}

// Poll implements Source.
func (s *LiveSource) Poll() (*Data, error) {
	d, v := s.live.Snapshot()
	if v == s.version {
		return nil, nil
	}
	s.version = v
	return d, nil
}
