package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/weftworks/weft/connectors/all"
)

// cmdValidate prints every problem of each flow file and fails when any has
// an error (warnings alone pass).
func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft validate FLOW.json...") }
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2}
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{code: 2}
	}
	reg, err := all.Registry()
	if err != nil {
		return err
	}
	failed := 0
	for _, path := range fs.Args() {
		f, err := loadFlow(path)
		if err != nil {
			fmt.Fprintln(stdout, err)
			failed++
			continue
		}
		problems := reg.Validate(f)
		printProblems(stdout, path, problems)
		errs := 0
		for _, p := range problems {
			if p.Severity == "error" {
				errs++
			}
		}
		if errs > 0 {
			failed++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%d warnings)\n", path, len(problems))
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d flows are invalid", failed, fs.NArg())}
	}
	return nil
}
