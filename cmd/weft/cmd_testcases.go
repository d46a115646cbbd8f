package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/mapping"
)

func cmdTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	junit := fs.String("junit", "", "also write a JUnit XML report to `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft test FLOW.json|BUNDLE.weft|MAPPING.json... [--junit FILE]")
		fmt.Fprintln(stderr, "Runs the mapping test cases of a mapping file, or of every core.mapping node of a flow or bundle.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) == 0 })
	if err != nil {
		return err
	}
	reg, err := nodeTypes()
	if err != nil {
		return err
	}
	var suites []runner.Suite
	for _, p := range pos {
		s, err := runner.Suites(ctx, p, reg)
		if err != nil {
			return err
		}
		suites = append(suites, s...)
	}
	total, failed := printSuites(stdout, suites)
	if *junit != "" {
		if err := writeJUnit(*junit, suites); err != nil {
			return err
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d mapping tests failed", failed, total)}
	}
	fmt.Fprintf(stdout, "ok: %d mapping tests passed\n", total)
	return nil
}

// printSuites prints one line per test case and the reasons of failures.
func printSuites(w io.Writer, suites []runner.Suite) (total, failed int) {
	for _, s := range suites {
		for _, r := range s.Results {
			total++
			if r.Passed {
				fmt.Fprintf(w, "ok    %s: %s\n", s.Name, r.Name)
				continue
			}
			failed++
			fmt.Fprintf(w, "FAIL  %s: %s\n", s.Name, r.Name)
			for _, line := range failureLines(r) {
				fmt.Fprintf(w, "        %s\n", line)
			}
		}
	}
	return total, failed
}

func failureLines(r mapping.TestResult) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Error())
	}
	for _, d := range r.Diffs {
		switch d.Missing {
		case "actual":
			out = append(out, fmt.Sprintf("%s: missing, expected %s", d.Path, jsonText(d.Expected)))
		case "expected":
			out = append(out, fmt.Sprintf("%s: unexpected %s", d.Path, jsonText(d.Actual)))
		default:
			out = append(out, fmt.Sprintf("%s: expected %s, got %s", d.Path, jsonText(d.Expected), jsonText(d.Actual)))
		}
	}
	return out
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(path string, suites []runner.Suite) error {
	var doc junitSuites
	for _, s := range suites {
		js := junitSuite{Name: s.Name, Tests: len(s.Results)}
		for _, r := range s.Results {
			c := junitCase{Name: r.Name, Classname: s.Name}
			if !r.Passed {
				js.Failures++
				lines := failureLines(r)
				c.Failure = &junitFailure{Message: fmt.Sprintf("%d differences", len(lines)), Text: strings.Join(lines, "\n")}
			}
			js.Cases = append(js.Cases, c)
		}
		doc.Suites = append(doc.Suites, js)
	}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(data, '\n')...), 0o644)
}
