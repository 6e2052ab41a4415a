package scenarios

import (
	"strings"
	"testing"
)

// prescan refuses what the TOML library handles badly, with the line, and
// lets ordinary files (strings with dots, brackets and quotes) through.
func TestPrescan(t *testing.T) {
	cases := []struct {
		text, want string // want "" for accepted
	}{
		{"a.b.c = 1\n[x.y]\nz = \"1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17\"\n", ""},
		{"layout = '''\n[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q]\n'''\nx = [[1, 2], {a = 1}]\n", ""},
		{"x = 1.5 # a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q\n", ""},
		{"\n[" + strings.Repeat("a.", 16) + "a]\n", "f.toml:2: a table header has more than 16 parts"},
		{strings.Repeat("a.", 16) + "a = 1\n", "f.toml:1: a dotted key has more than 16 parts"},
		{`"` + strings.Repeat("k", 129) + `" = 1`, "f.toml:1: a key is longer than 128 characters"},
		{"x = \"\"\"\nmulti\n\"\"\"\ny = " + strings.Repeat("[", 17), "f.toml:4: arrays and inline tables are nested more than 16 deep"},
		{"x = { a = 1, " + strings.Repeat("b.", 16) + "b = 2 }", "f.toml:1: a dotted key has more than 16 parts"},
	}
	for _, c := range cases {
		p, ok := prescan("f.toml", []byte(c.text))
		got := ""
		if !ok {
			got = p.String()
		}
		if got != c.want {
			t.Errorf("%.60q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestClipAndQuote(t *testing.T) {
	if got := clip("a\nb\x07"+strings.Repeat("x", 100), 10); got != `a\nb\u0007xxxxxx…` {
		t.Errorf("clip = %q", got)
	}
	if got := quote(strings.Repeat("é", 90)); got != `"`+strings.Repeat("é", 80)+`"…` {
		t.Errorf("quote = %q", got)
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"4GiB": 4 << 30, "500M": 500 << 20, "1.5k": 1536, "1000": 1000, "2 TB": 2 << 40} {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1G", "lots", "nan", "1e30G"} {
		if _, err := ParseBytes(in); err == nil {
			t.Errorf("ParseBytes(%q): no error", in)
		}
	}
}
