package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpPrintsUsageAndExitsZero: every command's --help, -h and
// `weft help COMMAND` print its usage on stdout and exit 0, as scripts
// probing --help expect.
func TestHelpPrintsUsageAndExitsZero(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {c.name, "x.json", "-help"}, {"help", c.name}} {
			code, stdout, stderr := weft(t, args...)
			assert.Equal(t, 0, code, "%v: %s", args, stderr)
			assert.True(t, strings.HasPrefix(stdout, "Usage: weft "+c.name), "%v printed %q", args, stdout)
			assert.Empty(t, stderr, "%v", args)
		}
	}
	code, stdout, _ := weft(t, "--help")
	assert.Equal(t, 0, code)
	for _, c := range commands {
		assert.Contains(t, stdout, "\n  weft "+c.name, "the overview lists %s", c.name)
	}
}

// TestHelpAfterDashDashIsAnArgument: after "--" a "-h" is not a request
// for help.
func TestHelpAfterDashDashIsAnArgument(t *testing.T) {
	code, stdout, _ := weft(t, "validate", "--", "-h")
	assert.Equal(t, 1, code)
	assert.NotContains(t, stdout, "Usage:")
}

// docComment is doc.go's package comment for the current usage.
func docComment() string {
	var b strings.Builder
	b.WriteString("// Command weft is the headless Weft runner and the browser face of Weft\n// Studio.\n//\n")
	for _, c := range commands {
		b.WriteString("//\t" + c.synopsis() + "\n//\t    " + c.summary + "\n")
	}
	b.WriteString("//\n// `weft COMMAND --help` prints a command's usage and flags. This comment is\n" +
		"// written by `go test ./cmd/weft -run TestDocGo -update` from the commands'\n// own usage.\n" +
		"//\n// It builds with CGO_ENABLED=0 and never imports Wails or GUI libraries.\npackage main\n")
	return b.String()
}

// TestDocGoListsEveryCommand: doc.go is derived from the commands' usage
// and must not drift from it.
func TestDocGoListsEveryCommand(t *testing.T) {
	want := docComment()
	if *update {
		require.NoError(t, os.WriteFile("doc.go", []byte(want), 0o644))
	}
	have, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	assert.Equal(t, want, string(have), "doc.go drifted from the usage: go test ./cmd/weft -run TestDocGo -update")
}
