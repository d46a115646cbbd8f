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

// suite is the test cases of one mapping: a mapping file, or one
// core.mapping node of a flow.
type suite struct {
	name    string
	results []mapping.TestResult
}

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
	var suites []suite
	for _, p := range pos {
		s, err := loadSuites(ctx, p)
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

// loadSuites runs the tests of a bundle, of a flow file (a JSON object
// with "nodes") or of a mapping file.
func loadSuites(ctx context.Context, path string) ([]suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var probe map[string]json.RawMessage
	if runner.IsBundle(data) || (json.Unmarshal(data, &probe) == nil && probe["nodes"] != nil) {
		return flowSuites(ctx, path)
	}
	m, err := loadMapping(path)
	if err != nil {
		return nil, err
	}
	return []suite{{name: path, results: mapping.RunTests(ctx, m)}}, nil
}

// flowSuites runs the tests of every core.mapping node of a flow file or
// of every flow of a bundle; suites are named "<flow name>#<node id>".
func flowSuites(ctx context.Context, path string) ([]suite, error) {
	flows, err := runner.LoadFlows(path)
	if err != nil {
		return nil, err
	}
	var suites []suite
	for _, nf := range flows {
		for _, n := range nf.Flow.Nodes {
			if n.Type != "core.mapping" {
				continue
			}
			m, err := mapping.FromValue(n.Config["mapping"])
			if err != nil {
				return nil, fmt.Errorf("%s: node %q: %w", nf.Name, n.ID, err)
			}
			suites = append(suites, suite{name: nf.Name + "#" + n.ID, results: mapping.RunTests(ctx, m)})
		}
	}
	return suites, nil
}

// printSuites prints one line per test case and the reasons of failures.
func printSuites(w io.Writer, suites []suite) (total, failed int) {
	for _, s := range suites {
		for _, r := range s.results {
			total++
			if r.Passed {
				fmt.Fprintf(w, "ok    %s: %s\n", s.name, r.Name)
				continue
			}
			failed++
			fmt.Fprintf(w, "FAIL  %s: %s\n", s.name, r.Name)
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

func writeJUnit(path string, suites []suite) error {
	var doc junitSuites
	for _, s := range suites {
		js := junitSuite{Name: s.name, Tests: len(s.results)}
		for _, r := range s.results {
			c := junitCase{Name: r.Name, Classname: s.name}
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
