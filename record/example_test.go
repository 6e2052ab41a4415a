package record_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/replaylab/replaylab/record"
)

// A table of episodes, written atomically and read back.
func ExampleTable() {
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	t := record.NewTable("episode", "success", "loss")
	t.Append(0, false, 0.75)
	t.Append(1, true, 1.0/3)
	path := filepath.Join(dir, record.EpisodesFile)
	if err := t.Write(path); err != nil {
		fmt.Println(err)
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output:
	// episode,success,loss
	// 0,false,0.75
	// 1,true,0.3333333333333333
}
