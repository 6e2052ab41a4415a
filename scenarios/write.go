package scenarios

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/BurntSushi/toml"
)

// WriteResolved writes s as a scenario file with every value explicit: the
// defaults, the --set overrides, the automatic max_steps and the legend of
// every character in use. Decoding the output gives s again. A generated
// maze stays generated (no layout is written), so the file still follows
// the task's lengths.
func (s *Scenario) WriteResolved(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Resolved scenario: every value explicit (replaylab schema %d).\n", SchemaVersion)
	fmt.Fprintf(bw, "schema_version = %d\n", s.SchemaVersion)
	fmt.Fprintf(bw, "description = %s\n\n[maze]\n", tomlQuote(s.Description))
	if s.Maze.Layout != "" {
		if strings.Contains(s.Maze.Layout, "'''") || strings.ContainsFunc(s.Maze.Layout, isControl) {
			fmt.Fprintf(bw, "layout = %s\n", tomlQuote(s.Maze.Layout))
		} else {
			// A literal multi-line string: the newline after ''' is dropped.
			fmt.Fprintf(bw, "layout = '''\n%s'''\n", s.Maze.Layout)
		}
	}
	bw.WriteString("\n[maze.legend]\n")
	for _, ch := range sortedKeys(s.Maze.Legend) {
		le := s.Maze.Legend[ch]
		fields := []string{"kind = " + tomlQuote(le.Kind)}
		if le.Class != "" {
			fields = append(fields, "class = "+tomlQuote(le.Class))
		}
		if le.Name != "" {
			fields = append(fields, "name = "+tomlQuote(le.Name))
		}
		if le.Magnitude != nil {
			fields = append(fields, "magnitude = "+tomlFloat(*le.Magnitude))
		}
		if le.Open != nil {
			q := make([]string, len(le.Open))
			for i, p := range le.Open {
				q[i] = tomlQuote(p)
			}
			fields = append(fields, "open = ["+strings.Join(q, ", ")+"]")
		}
		if le.Arm != "" {
			fields = append(fields, "arm = "+tomlQuote(le.Arm))
		}
		fmt.Fprintf(bw, "%s = { %s }\n", tomlQuote(ch), strings.Join(fields, ", "))
	}
	bw.WriteString("\n")
	writeTask(bw, s)
	rest := struct {
		Agent       AgentSection       `toml:"agent"`
		Cortex      CortexSection      `toml:"cortex"`
		Hippocampus HippocampusSection `toml:"hippocampus"`
		Sleep       SleepSection       `toml:"sleep"`
		Awake       AwakeSection       `toml:"awake"`
		Run         RunSection         `toml:"run"`
	}{s.Agent, s.Cortex, s.Hippocampus, s.Sleep, s.Awake, s.Run}
	enc := toml.NewEncoder(bw)
	enc.Indent = ""
	if err := enc.Encode(rest); err != nil {
		return err
	}
	return bw.Flush()
}

// tomlFloat formats a float so that TOML reads it back as a float.
func tomlFloat(f float64) string {
	s := fmt.Sprint(f)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

// isControl reports the characters a TOML literal string cannot hold.
func isControl(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }
