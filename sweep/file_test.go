package sweep

import (
	"strings"
	"testing"
)

// TestBadSweepFilesAreRefused checks that each kind of bad sweep file is
// refused with "file:line: key: message" before anything runs.
func TestBadSweepFilesAreRefused(t *testing.T) {
	const head = "schema_version = 1\nscenario = \"tmaze-small\"\n"
	tests := []struct {
		name, body, want string
	}{
		{"unknown top key", head + "seed = 3\n",
			"s.toml:3: seed: unknown key (want one of: schema_version, description, scenario, name, seeds, base_seed, set, grid, zip)"},
		{"unknown scenario key", head + "[grid]\nsleep.budgett = [\"off\"]\n",
			`s.toml:4: grid.sleep.budgett: value "off": unknown key in [sleep]`},
		{"empty list", head + "[grid]\nsleep.budget = []\n",
			"s.toml:4: grid.sleep.budget: empty list: give at least one value"},
		{"wrong type in the sweep", head + "seeds = \"five\"\n",
			`s.toml:3: seeds: wrong type: want an integer (seeds per point), got string "five"`},
		{"wrong type for the scenario", head + "[grid]\nhippocampus.n = [1000, \"big\"]\n",
			`s.toml:4: grid.hippocampus.n: value "big": wrong type`},
		{"not a list", head + "[grid]\nhippocampus.n = 1000\n",
			"s.toml:4: grid.hippocampus.n: wrong type: want a list of values, e.g. [1, 2], got integer 1000 (fixed values go in [set])"},
		{"zip lengths", head + "[[zip]]\ncortex.n = [16, 32]\ncortex.lr = [1e-3, 2e-3, 3e-3]\n",
			"s.toml:5: zip[1].cortex.lr: 3 values, but cortex.n in the same [[zip]] group has 2: zipped lists go together and must have the same length"},
		{"too many runs", head + "seeds = 10\n[grid]\ncortex.n = [" + ints(100) + "]\nhippocampus.n = [" + ints(101) + "]\n",
			"s.toml:4: grid: the sweep has 100 × 101 × 10 seeds > 100000 runs (points × seeds), more than the 100000 a sweep may have"},
		{"seed is the sweep's", head + "[grid]\nrun.seed = [1, 2]\n",
			"s.toml:4: grid.run.seed: the sweep sets each run's seed: use base_seed and seeds instead"},
		{"key twice", head + "[set]\ncortex.n = 16\n[grid]\ncortex.n = [16, 32]\n",
			"s.toml:6: grid.cortex.n: given twice (also as set.cortex.n): a key is either fixed, a grid list or in one zip group"},
		{"bad value", head + "[grid]\nsleep.budget = [\"off\", \"sometimes\"]\n",
			`s.toml:4: grid.sleep.budget: value "sometimes": `},
		{"missing scenario", "schema_version = 1\n",
			"s.toml: scenario: missing: name the base scenario"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.toml", []byte(tc.body), t.TempDir())
			if err == nil {
				t.Fatalf("accepted:\n%s", tc.body)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error\n%s\nwant it to start with\n%s", err, tc.want)
			}
		})
	}
}

func ints(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = "16"
	}
	return strings.Join(s, ", ")
}

// TestExpansionOrderAndSeeds checks the index order (first grid key
// slowest, then zip groups, replicates fastest) and that seeds depend on
// the point, not on the order of keys in the file.
func TestExpansionOrderAndSeeds(t *testing.T) {
	const a = `schema_version = 1
scenario = "tmaze-small"
seeds = 2
base_seed = 7
[grid]
sleep.budget = ["reward-rate", "off"]
cortex.n = [16, 32]
[[zip]]
cortex.lr = [1e-3, 2e-3]
cortex.tau = [5.0, 10.0]
`
	s, err := Parse("a.toml", []byte(a), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 16 || s.Points() != 8 {
		t.Fatalf("%d runs, %d points; want 16, 8", s.Len(), s.Points())
	}
	r, _ := s.Run(11) // point 5 = budget off (1), n 16 (0), zip 1; replicate 1
	if got := describe(r.Params); r.Point != 5 || r.Replicate != 1 || got != `sleep.budget="off", cortex.n=16, cortex.lr=0.002, cortex.tau=10.0` {
		t.Fatalf("index 11: point %d replicate %d params %s", r.Point, r.Replicate, got)
	}
	// The same sweep with its grid keys swapped: same seeds for the same points.
	b := strings.Replace(a, "sleep.budget = [\"reward-rate\", \"off\"]\ncortex.n = [16, 32]", "cortex.n = [16, 32]\nsleep.budget = [\"reward-rate\", \"off\"]", 1)
	s2, err := Parse("b.toml", []byte(b), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	seeds := map[uint64]bool{}
	for i := range s.Len() {
		ri, _ := s.Run(i)
		seeds[ri.Seed] = true
	}
	if len(seeds) != 16 {
		t.Fatalf("%d distinct seeds for 16 runs", len(seeds))
	}
	for i := range s2.Len() {
		ri, _ := s2.Run(i)
		if !seeds[ri.Seed] {
			t.Fatalf("reordered file: index %d has seed %d, not a seed of the original", i, ri.Seed)
		}
	}
	if r.Seed >= 1<<62 {
		t.Fatalf("seed %d has more than 62 bits", r.Seed)
	}
}

func TestRanges(t *testing.T) {
	if got := Ranges([]int{9, 0, 1, 2, 3, 7, 10}); got != "0-3,7,9-10" {
		t.Fatalf("Ranges = %q", got)
	}
}
