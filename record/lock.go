package record

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// LockFile is the name of the run directory's lock file. It is never
// removed: the lock is the flock on it, which the kernel drops when the
// holding process exits, however it exits (kill -9 included).
const LockFile = ".lock"

// ErrLocked is wrapped by Lock when another process holds the directory.
var ErrLocked = errors.New("is in use by another process")

// DirLock is an exclusive lock on a run directory, held for a whole run.
type DirLock struct {
	f *os.File
}

// Holder describes the process that holds a directory's lock, as it wrote
// itself into the lock file.
type Holder struct {
	PID   int
	Host  string
	Start time.Time
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "an unknown process"
	}
	return fmt.Sprintf("process %d on %s since %s", h.PID, h.Host, h.Start.Format(time.RFC3339))
}

// Lock takes the exclusive lock of run directory dir (which must exist) and
// writes this process's PID, host and start time into the lock file. It
// never waits: when another process holds the lock it returns an error
// wrapping ErrLocked that names the holder.
func Lock(dir string) (*DirLock, error) {
	p := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("record: cannot open the lock file of %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			h, _ := ReadHolder(dir)
			return nil, fmt.Errorf("record: %s %w: %s", dir, ErrLocked, h)
		}
		return nil, fmt.Errorf("record: cannot lock %s: %w", dir, err)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("%d %s %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(info), 0)
	}
	return &DirLock{f: f}, nil
}

// Unlock releases the lock. It is safe to call on a nil lock and twice.
func (l *DirLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor drops the flock
	l.f = nil
	return err
}

// ReadHolder reads who holds (or last held) dir's lock from the lock file.
func ReadHolder(dir string) (Holder, error) {
	b, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return Holder{}, err
	}
	f := strings.Fields(string(b))
	if len(f) != 3 {
		return Holder{}, fmt.Errorf("record: lock file of %s is not PID HOST TIME", dir)
	}
	var h Holder
	if h.PID, err = strconv.Atoi(f[0]); err != nil {
		return Holder{}, err
	}
	h.Host = f[1]
	h.Start, err = time.Parse(time.RFC3339, f[2])
	return h, err
}
