package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/registry"
)

// cmdValidate prints every problem of each flow file and fails when any has
// an error (warnings alone pass).
func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft validate FLOW.json|BUNDLE.weft...") }
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2}
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{code: 2}
	}
	reg, err := nodeTypes()
	if err != nil {
		return err
	}
	failed, total := 0, 0
	for _, path := range fs.Args() {
		flows, err := runner.LoadFlows(path)
		if err != nil {
			fmt.Fprintln(stdout, err)
			failed++
			total++
			continue
		}
		for _, nf := range flows {
			total++
			if !validateOne(stdout, reg, nf) {
				failed++
			}
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d flows are invalid", failed, total)}
	}
	return nil
}

// validateOne prints a flow's problems and reports whether it has no error.
func validateOne(stdout io.Writer, reg *registry.Registry, nf runner.NamedFlow) bool {
	problems := reg.Validate(nf.Flow)
	runner.PrintProblems(stdout, nf.Name, problems)
	for _, p := range problems {
		if p.Severity == "error" {
			return false
		}
	}
	fmt.Fprintf(stdout, "%s: ok (%d warnings)\n", nf.Name, len(problems))
	return true
}
