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
			return nil, fmt.Errorf("record: %s %w: %s", dir, ErrLocked, currentHolder(dir))
		}
		return nil, fmt.Errorf("record: cannot lock %s: %w", dir, err)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("%d %s %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	// Written over the old text, then cut: a reader never sees an empty file.
	if _, err := f.WriteAt([]byte(info), 0); err == nil {
		f.Truncate(int64(len(info)))
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
	first, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(first)
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

// currentHolder returns the holder of dir's lock as the lock file names
// it. The holder writes itself there just after taking the lock, so the
// file may for a moment still name the previous (exited) holder: it is
// read again, for up to about 200 ms, until it names a live process.
func currentHolder(dir string) Holder {
	host, _ := os.Hostname()
	var h Holder
	for range 100 {
		var err error
		h, err = ReadHolder(dir)
		if err == nil && (h.Host != host || syscall.Kill(h.PID, 0) == nil) {
			return h
		}
		time.Sleep(2 * time.Millisecond)
	}
	return Holder{}
}
