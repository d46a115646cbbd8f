package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/connectors/all"
)

// exitError carries a process exit code; its message, if any, has already
// been printed or is printed by main.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code.
// `weft COMMAND --help` (or -h) and `weft help COMMAND` print the
// command's usage on stdout and exit 0.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return 2
	}
	switch args[0] {
	case "--version", "-v":
		args = []string{"version"}
	case "help", "-h", "--help":
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				c.help(stdout)
				return 0
			}
		}
		fmt.Fprint(stdout, overview())
		return 0
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "weft: unknown command %q\n\n%s", args[0], overview())
		return 2
	}
	if wantsHelp(args[1:]) {
		c.help(stdout)
		return 0
	}
	return exitCode(c.run(ctx, args[1:], stdout, stderr), stderr)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exitError); ok {
		if e.msg != "" {
			fmt.Fprintf(stderr, "weft: %s\n", e.msg)
		}
		return e.code
	}
	fmt.Fprintf(stderr, "weft: %v\n", err)
	if errors.Is(err, runner.ErrUsage) {
		return 2
	}
	return 1
}

// nodeTypes is every node type the runner ships, built once per process
// (its specs and factories never change after).
var nodeTypes = sync.OnceValues(all.Registry)
