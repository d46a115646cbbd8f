package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/mapping/pipeline"
)

// The V8 conformance corpus: testdata/mapping/v8 holds expressions,
// records and what Node's V8 computes for each pair (gen-v8-corpus.mjs).
const v8Dir = "../../testdata/mapping/v8"

var updateV8 = flag.Bool("update-v8-differences", false, "rewrite testdata/mapping/v8/known-differences.txt from this run")

// v8Case is one line of expected.ndjson: the NDJSON line per record, or
// null where V8 threw.
type v8Case struct {
	Expr string    `json:"expr"`
	Out  []*string `json:"out"`
}

// TestV8Corpus runs every corpus expression over every record through
// weft map (the CLI code path, one worker and the default) and weft
// preview (what Studio shows), and compares each answer with V8's byte
// for byte. A mismatch fails the test unless known-differences.txt lists
// it (docs/mapping-format.md explains each class); a listed pair that now
// matches fails too, so the list only shrinks.
func TestV8Corpus(t *testing.T) {
	cases := loadV8Cases(t)
	records := filepath.Join(v8Dir, "records.ndjson")
	var diffs []string
	exact := map[string]int{}
	native := 0
	for i, c := range cases {
		if p, err := expr.Compile(c.Expr, expr.Options{}); err == nil && p.Native() {
			native++
		}
		mp := writeFile(t, fmt.Sprintf("m%d.json", i), mappingFor(t, c.Expr))
		paths := map[string][]*string{
			"map":     mapAnswers(t, mp, records, len(c.Out)),
			"preview": previewAnswers(t, mp, records, len(c.Out)),
		}
		for _, path := range []string{"map", "preview"} {
			for r, got := range paths[path] {
				if same(got, c.Out[r]) {
					exact[path]++
					continue
				}
				diffs = append(diffs, fmt.Sprintf("%s\t%d\t%s\t%s", path, r+1, diffClass(got, c.Out[r]), c.Expr))
			}
		}
	}
	pairs := len(cases) * len(cases[0].Out)
	t.Logf("V8 corpus: %d expressions x %d records = %d pairs", len(cases), len(cases[0].Out), pairs)
	t.Logf("weft map:     %d/%d exact (%.1f%%)", exact["map"], pairs, 100*float64(exact["map"])/float64(pairs))
	t.Logf("weft preview: %d/%d exact (%.1f%%)", exact["preview"], pairs, 100*float64(exact["preview"])/float64(pairs))
	t.Logf("native: %d/%d expressions (%.1f%%)", native, len(cases), 100*float64(native)/float64(len(cases)))
	checkKnownDifferences(t, diffs)
}

func loadV8Cases(t *testing.T) []v8Case {
	f, err := os.Open(filepath.Join(v8Dir, "expected.ndjson"))
	require.NoError(t, err)
	defer f.Close()
	var cases []v8Case
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c v8Case
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		cases = append(cases, c)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, cases)
	return cases
}

func mappingFor(t *testing.T, src string) string {
	b, err := json.Marshal(map[string]any{"formatVersion": 1, "fields": []any{map[string]any{"target": "v", "expr": src}}})
	require.NoError(t, err)
	return string(b)
}

// mapAnswers runs weft map and returns each record's output line, nil
// for a record that failed. One worker and the default must agree.
func mapAnswers(t *testing.T, mp, records string, n int) []*string {
	_, stdout, stderr := weft(t, "map", mp, "--input", records, "--workers", "1")
	_, stdout2, _ := weft(t, "map", mp, "--input", records)
	require.Equal(t, stdout, stdout2, "weft map --workers 1 and the default differ for %s", mp)
	failed := map[int]bool{}
	for _, l := range strings.Split(stderr, "\n") {
		var e pipeline.ErrorLine
		if strings.HasPrefix(l, `{"record":`) && json.Unmarshal([]byte(l), &e) == nil {
			failed[e.Record-1] = true
		}
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	out := make([]*string, n)
	for r := range n {
		if failed[r] || len(lines) == 0 {
			continue
		}
		out[r], lines = &lines[0], lines[1:]
	}
	return out
}

// previewAnswers runs weft preview and returns each record's output as
// compact JSON, nil for a record with errors.
func previewAnswers(t *testing.T, mp, records string, n int) []*string {
	_, stdout, stderr := weft(t, "preview", mp, "--input", records, "--format", "ndjson")
	var res struct {
		Records []struct {
			Output json.RawMessage  `json:"output"`
			Errors []map[string]any `json:"errors"`
		} `json:"records"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res), stderr)
	require.Len(t, res.Records, n)
	out := make([]*string, n)
	for r, rec := range res.Records {
		if len(rec.Errors) > 0 || string(rec.Output) == "null" {
			continue
		}
		var b bytes.Buffer
		require.NoError(t, json.Compact(&b, rec.Output))
		s := b.String()
		out[r] = &s
	}
	return out
}

func same(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// diffClass names what kind of difference a mismatch is:
// weft-error and v8-error (only one side threw), lone-surrogate (V8
// wrote a \udXXX escape where weft has U+FFFD), html-escape (weft
// escapes <, >, &, U+2028 and U+2029 as encoding/json does), key-order
// (the same JSON value with members in another order) or value.
func diffClass(got, want *string) string {
	switch {
	case got == nil:
		return "weft-error"
	case want == nil:
		return "v8-error"
	case loneSurrogate.MatchString(*want) && strings.ContainsRune(*got, utf8.RuneError):
		return "lone-surrogate"
	case htmlEscapes.Replace(*got) == *want:
		return "html-escape"
	}
	var g, w any
	if json.Unmarshal([]byte(*got), &g) == nil && json.Unmarshal([]byte(*want), &w) == nil {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if bytes.Equal(gb, wb) {
			return "key-order"
		}
	}
	return "value"
}

var (
	loneSurrogate = regexp.MustCompile(`\\ud[89a-f][0-9a-f]{2}`)
	htmlEscapes   = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\u2028`, "\u2028", `\u2029`, "\u2029")
)

func checkKnownDifferences(t *testing.T, diffs []string) {
	file := filepath.Join(v8Dir, "known-differences.txt")
	sort.Strings(diffs)
	if *updateV8 {
		head := "# Pairs where weft differs from V8 (path, record, class, expression).\n# Rewritten by: go test ./cmd/weft -run TestV8Corpus -update-v8-differences\n"
		require.NoError(t, os.WriteFile(file, []byte(head+strings.Join(diffs, "\n")+"\n"), 0o644))
	}
	known := map[string]bool{}
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			known[l] = true
		}
	}
	classes := map[string]int{}
	for _, d := range diffs {
		f := strings.SplitN(d, "\t", 4)
		classes[f[0]+" "+f[2]]++
		if !known[d] {
			t.Errorf("new difference from V8: %s", d)
		}
		delete(known, d)
	}
	t.Logf("differences by path and class: %v", classes)
	for d := range known {
		t.Errorf("listed difference now matches V8 (remove it): %s", d)
	}
}
