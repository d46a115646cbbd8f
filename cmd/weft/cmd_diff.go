package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/weftworks/weft/app/runner"
)

// cmdDiff prints what changed between two bundles or flow files. It exits
// 0 whether or not something changed; only errors fail.
func cmdDiff(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft diff A B")
		fmt.Fprintln(stderr, "A and B are each a .weft bundle or a flow file; canvas positions are ignored.")
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 2 })
	if err != nil {
		return err
	}
	lines, err := runner.Diff(pos[0], pos[1])
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		fmt.Fprintln(stdout, "no changes")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}
