package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"version"})
	if err := root.Execute(); err != nil {
		t.Fatalf("version: %v", err)
	}
	if got := out.String(); !strings.HasPrefix(got, "replaylab "+version+" (go") {
		t.Fatalf("version printed %q", got)
	}
}

func TestUnknownCommandFails(t *testing.T) {
	root := newRootCmd()
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	root.SetArgs([]string{"no-such-command"})
	err := root.Execute()
	if err == nil || !strings.Contains(err.Error(), `unknown command "no-such-command"`) {
		t.Fatalf("want unknown-command error, got %v", err)
	}
}
