package sweep

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/replaylab/replaylab/record"
)

// State is where one index of a sweep stands.
type State string

// The states of an index.
const (
	StateDone    State = "done"    // finished
	StateRunning State = "running" // a process holds it (as far as can be seen from here)
	StateStopped State = "stopped" // interrupted or killed; runs again (resuming if it has a checkpoint)
	StateFailed  State = "failed"  // the run failed; its manifest says why
	StateMissing State = "missing" // never started
)

// States lists the states in the order status reports them.
var States = []State{StateDone, StateRunning, StateStopped, StateFailed, StateMissing}

// IndexStatus is the state of one index with a short explanation.
type IndexStatus struct {
	Index  int
	State  State
	Detail string
}

// Status returns the state of index i. It only reads files: it never takes
// the run directory's lock, which could make a task starting at that
// moment fail. A run whose manifest says running is reported stopped when
// the process that holds it ran on this host and is gone.
func (p *Plan) Status(i int) IndexStatus {
	out := p.RunDir(i)
	st := IndexStatus{Index: i}
	m, err := record.ReadManifest(out)
	switch {
	case errors.Is(err, record.ErrNoManifest):
		st.State = StateMissing
		return st
	case err != nil:
		st.State, st.Detail = StateFailed, err.Error()
		return st
	}
	switch m.Status {
	case record.StatusFinished:
		st.State = StateDone
	case record.StatusFailed:
		st.State, st.Detail = StateFailed, m.Error
	default:
		h, herr := record.ReadHolder(out)
		host, _ := os.Hostname()
		if herr == nil && h.Host == host && !alive(h.PID) {
			st.State = StateStopped
			st.Detail = "killed before its first checkpoint: starts over"
			if record.HasCheckpoint(out) {
				st.Detail = "resumes from its checkpoint"
			}
			return st
		}
		st.State = StateRunning
		if herr == nil {
			st.Detail = h.String()
		}
	}
	return st
}

// alive reports whether a process with this PID exists on this host.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// StatusAll returns the state of every index.
func (p *Plan) StatusAll() []IndexStatus {
	all := make([]IndexStatus, p.Len())
	for i := range all {
		all[i] = p.Status(i)
	}
	return all
}

// Counts returns how many indices are in each state.
func Counts(all []IndexStatus) map[State]int {
	c := map[State]int{}
	for _, s := range all {
		c[s.State]++
	}
	return c
}

// Unfinished returns the indices that need running: stopped, failed or
// missing (not done, and not running somewhere).
func Unfinished(all []IndexStatus) []int {
	var idx []int
	for _, s := range all {
		if s.State == StateStopped || s.State == StateFailed || s.State == StateMissing {
			idx = append(idx, s.Index)
		}
	}
	return idx
}

// Ranges writes sorted indices compactly, as Slurm's --array takes them:
// "0-3,7,9-10".
func Ranges(idx []int) string {
	idx = append([]int(nil), idx...)
	sort.Ints(idx)
	var parts []string
	for k := 0; k < len(idx); {
		j := k
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j == k {
			parts = append(parts, strconv.Itoa(idx[k]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[k], idx[j]))
		}
		k = j + 1
	}
	return strings.Join(parts, ",")
}
