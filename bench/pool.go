package bench

import (
	"runtime"
	"sync"
)

// runJobs runs job(i) for i in [0, n) on up to workers goroutines
// (GOMAXPROCS if workers ≤ 0) and returns the first error by index. done, if
// not nil, is called (serialised) after each job that succeeds, so progress
// lines never report a failed job's empty result.
func runJobs(n, workers int, job func(i int) error, done func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = job(i)
				if done != nil && errs[i] == nil {
					mu.Lock()
					done(i)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
