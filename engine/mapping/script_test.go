package mapping_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// scriptCorpora hold the expressions the script corpus wraps.
var scriptCorpora = []string{"../../testdata/mapping/expr-corpus.txt", "../../testdata/mapping/v8/expressions.txt"}

// scriptRecordFiles hold the records every wrapped script runs over.
var scriptRecordFiles = []string{"../../testdata/mapping/v8/records.ndjson", "../../testdata/mapping/orders.input.ndjson"}

// keysPrelude makes the record keys the corpus expressions read as names
// (expressions see them; a script sees only $ and out) into constants.
const keysPrelude = "const id = $?.id, n = $?.n, s = $?.s, arr = $?.arr, items = $?.items, customer = $?.customer, " +
	"d = $?.d, tags = $?.tags, obj = $?.obj, flag = $?.flag, placed_at = $?.placed_at, country = $?.country, nested = $?.nested;\n"

// scriptShapes wrap a corpus expression (%[1]s) as whole-record scripts.
var scriptShapes = []string{
	keysPrelude + "return {v: (%[1]s)};",
	keysPrelude + "const x = (%[1]s);\nif (x === undefined) return;\nreturn {...out, v: x, w: [x]};",
	keysPrelude + "let x = (%[1]s), t = typeof x;\nif (t === \"object\") { return x; } else if (x) return {t, x}; else { const z = {z: x}; return z; }",
	keysPrelude + "return (%[1]s);",
	keysPrelude + "var x = (%[1]s);\nif (x) { var y = [x]; return {y}; }\nreturn {x, y};",
}

// readLines reads a file's lines that are neither blank nor # comments.
func readLines(t testing.TB, path string) []string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// scriptRecords are the records of scriptRecordFiles (the first 20 of
// each) and a few that are not objects, decoded as the pipeline decodes
// them.
func scriptRecords(t testing.TB) []any {
	lines := []string{`[1,"a",{"id":2}]`, `"text"`, `null`, `-0`}
	for _, path := range scriptRecordFiles {
		more := readLines(t, path)
		lines = append(lines, more[:min(20, len(more))]...)
	}
	out := make([]any, 0, len(lines))
	for _, line := range lines {
		v, err := jsoncodec.DecodeFull([]byte(line))
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// scriptPair compiles a mapping with script twice: natively where it can
// and always in goja. ok is false when the script is empty or does not
// compile.
func scriptPair(t testing.TB, script string, strict bool) (native, goja *mapping.Compiled, ok bool) {
	if strings.TrimSpace(script) == "" {
		return nil, nil, false // no script
	}
	m := &mapping.Mapping{FormatVersion: 1, Strict: strict, Script: script,
		Fields: []mapping.Field{{Target: "id", Path: "id"}, {Target: "k", Const: []byte(`{"b":1,"a":[2]}`)}},
		Tables: map[string]map[string]any{"countries": {"de": "Germany", "fr": "France", "1": "one"}}}
	opts := mapping.Options{Timeout: 5 * time.Second} // a busy machine must not time out goja
	native, nerr := mapping.CompileWith(m, opts)
	opts.GojaScript = true
	goja, gerr := mapping.CompileWith(m, opts)
	require.Equal(t, nerr == nil, gerr == nil, "%s: %v / %v", script, nerr, gerr)
	if nerr != nil {
		require.Equal(t, gerr.Error(), nerr.Error())
		return nil, nil, false
	}
	require.False(t, goja.Native())
	return native, goja, true
}

// applied is one Apply's output as written and its errors.
func applied(c *mapping.Compiled, rec any) string {
	out, errs := c.Apply(context.Background(), rec)
	text := "<dropped>"
	if out != nil {
		b, err := jsoncodec.AppendJSON(nil, out)
		text = string(b)
		if err != nil {
			text = "encode: " + err.Error()
		}
	}
	return fmt.Sprintf("%s %+v", text, errs)
}

// compareScript runs both compilations over records and fails at the first
// difference in output bytes or errors (message, line, column).
func compareScript(t testing.TB, script string, native, goja *mapping.Compiled, records []any) {
	t.Helper()
	for i, rec := range records {
		if n, g := applied(native, rec), applied(goja, rec); n != g {
			t.Fatalf("script:\n%s\nrecord %d:\nnative %s\ngoja   %s", script, i, n, g)
		}
	}
}

func TestScriptCorpusNativeMatchesGoja(t *testing.T) {
	records := scriptRecords(t)
	scripts, native, fallbacks := 0, 0, int64(0)
	for _, corpus := range scriptCorpora {
		for i, src := range readLines(t, corpus) {
			// Each expression in one shape, taking turns: every goja
			// compilation sets up a runtime of its own.
			script := fmt.Sprintf(scriptShapes[i%len(scriptShapes)], src)
			n, g, ok := scriptPair(t, script, i%7 == 0)
			if !ok {
				continue
			}
			scripts++
			if n.Native() {
				native++
				compareScript(t, script, n, g, records)
				fallbacks += mapping.ScriptFallbacks(n)
			}
		}
	}
	runs := native * len(records)
	t.Logf("%d scripts, %d compile natively (%.0f%%); %d of their %d runs went to goja", scripts, native, 100*float64(native)/float64(scripts), fallbacks, runs)
	assert.Greater(t, native*100/scripts, 60, "most wrapped corpus expressions are native scripts")
	assert.Less(t, fallbacks*100/int64(runs), int64(40), "most native runs are answered natively")
}

func TestScriptNativeCases(t *testing.T) {
	records := scriptRecords(t)
	tests := []struct {
		script string
		native bool
	}{
		{"return { orderId: $.id, n: $.items?.length };", true},
		{"return {...out, x: 1};", true},
		{"return out;", true},
		{"if ($.id === 42) return;\nreturn {id: $.id};", true},
		{"return 1;", true},
		{"return [$.id];", true},
		{"return;", true},
		{"const a = $.n, b = a * 2;\nlet c;\n{ const d = b + 1; if (d > 3) { return {a, b, c, d}; } }\nreturn {a};", true},
		{"return {v: typeof z};\nconst z = 1;", false},                                       // z is read before its declaration
		{"const y = typeof y; return {y};", false},                                           // in its own initialiser
		{"return {v: missing};", true},                                                       // ReferenceError, from goja
		{"return {v: $.n.toFixed(200)};", true},                                              // RangeError, from goja
		{"return {v: $.s + \"\\ud800\"};", false},                                            // a lone surrogate in a literal
		{"return {v: $.s?.slice(0, 1), w: [...($.s ?? \"\")]};", true},                       // lone surrogates from the record
		{"var a = $.n; if (a) { var b = a + 1; }\nreturn {a, b};", true},                     // b after its block: goja
		{"var a = $.n; var a = 2; return {a};", false},                                       // declared twice
		{"return {a: typeof a}; var a = 1;", false},                                          // read before its declaration
		{"const Math = 1; return {Math};", true},                                             // shadows a global, declared once
		{"let x = 1; x = 2; return {x};", true},                                              // assignment
		{"let t = 0; for (const i of $.arr ?? []) t += i; return {t};", true},                // loop
		{"const a = [1, 2]; if ($.n === 42) a[0] = 9; a.push($.n); return {a};", true},       // a literal is new each run
		{"const o = {}; for (const k in $.obj) o[k] = $.obj[k]; return o;", true},            // for-in, member assignment
		{"const a = []; const b = {a}; a.push(1); return b;", true},                          // escaped: the push runs in goja
		{"$.x = 1; return $;", false},                                                        // the record
		{"out.x = 1; return out;", false},                                                    // out
		{"const o = {l: []}; o.l.push(1); return o;", false},                                 // through another object
		{"let n = 0; while (++n < 3); return {n};", false},                                   // ++ in an expression
		{"let n = 0; a: for (;;) { n++; break a; } return {n};", true},                       // a label
		{"let n = 0; for (let i = 0; i < 3; i++) { var v = i; n += v; } return {n};", false}, // var in a loop
		{"let n = 0; while (true) { n++; if (n > 5) break; } return {n};", true},
		{"let r = 0; switch ($.n) { case 42: r = 1; case 0: r += 2; break; default: r = 9; } return {r};", true},
		{"switch ($.n) { case 1: let x = 1; return {x}; } return {};", false}, // a declaration in a case
		{"const a = [...($.arr ?? [])]; a.sort(); a.reverse(); return {a};", true},
		{"let v; try { v = JSON.parse($.s); } catch (e) { v = String(e); } return {v};", true}, // throws: goja
		{"let v = 0; try { v = 1; } finally { v = 2; } return {v};", false},                    // finally
		{"let n = 0; b: { n++; break b; } return {n};", false},                                 // a labelled block
		{"const a = [3, 1]; a.sort((x, y) => a[0] + x - y); return {a};", false},               // the comparator sees a
		{"const r = {a: 1};\nreturn {...r, ...$.customer, b: $.customer?.first};", true},
		{"return {d: new Date($.d), n: +$.s, inf: 1 / 0};", true},
		{"return {a: $.n | 0, b: ~$.n, c: $.n >>> 0, d: $.n << 1, e: $.n ^ $.n};", true},
		{"return {l: lookup(\"countries\", $.id, \"?\"), r: round($.n, 2)};", true},
	}
	for _, tt := range tests {
		n, g, ok := scriptPair(t, tt.script, false)
		require.True(t, ok, tt.script)
		assert.Equal(t, tt.native, n.Native(), tt.script)
		compareScript(t, tt.script, n, g, records)
		n, g, _ = scriptPair(t, tt.script, true)
		compareScript(t, tt.script, n, g, records)
	}
}

// TestBenchScripts checks what bench/mapbench's script lines measure: the
// orders script, the one with a loop and the one with a helper of two
// statements run natively on every record that maps without an error
// (those throw, so goja reports them), and all write what the helper
// script writes in goja (the bench's goja line).
func TestBenchScripts(t *testing.T) {
	ref := compileFile(t, helperScriptFile, mapping.Options{GojaScript: true})
	require.False(t, ref.Native())
	scripts := []*mapping.Compiled{
		compileFile(t, scriptFile, mapping.Options{}),
		compileFile(t, loopScriptFile, mapping.Options{}),
		compileFile(t, helperScriptFile, mapping.Options{}),
	}
	for _, c := range scripts {
		require.True(t, c.Native())
	}
	failed := int64(0)
	for _, line := range append(readLines(t, "../../testdata/mapping/orders.input.ndjson"), orderLine) {
		rec, err := jsoncodec.DecodeFull([]byte(line))
		require.NoError(t, err)
		want, werrs := ref.Apply(context.Background(), rec)
		for _, c := range scripts {
			got, errs := c.Apply(context.Background(), rec)
			assert.Equal(t, want, got)
			assert.Equal(t, len(werrs), len(errs))
		}
		if len(werrs) > 0 {
			failed++
		}
	}
	for _, c := range scripts {
		assert.Equal(t, failed, mapping.ScriptFallbacks(c))
	}
}

func TestScriptNativeStopsLikeGoja(t *testing.T) {
	n, g, ok := scriptPair(t, "return {a: $.id};", false)
	require.True(t, ok)
	require.True(t, n.Native())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	nout, nerrs := n.Apply(ctx, map[string]any{"id": 1.0})
	gout, gerrs := g.Apply(ctx, map[string]any{"id": 1.0})
	assert.Equal(t, gout, nout)
	require.Len(t, nerrs, 1)
	assert.Equal(t, gerrs, nerrs)
	assert.Contains(t, nerrs[0].Message, "stopped")
}

// FuzzScriptNativeVsGoja compiles arbitrary scripts; whenever one compiles
// natively, its outputs and errors must be goja's on every record.
func FuzzScriptNativeVsGoja(f *testing.F) {
	for i, src := range readLines(f, scriptCorpora[1]) {
		f.Add(fmt.Sprintf(scriptShapes[i%len(scriptShapes)], src))
	}
	f.Add("const a = $.n; if (a > 1) { const b = a * 2; return {b}; } else return {a, ...out};")
	for _, src := range readLines(f, loopScripts) {
		f.Add(src)
	}
	records := scriptRecords(f)[:16]
	f.Fuzz(func(t *testing.T, script string) {
		n, g, ok := scriptPair(t, script, false)
		if ok && n.Native() {
			compareScript(t, script, n, g, records)
		}
	})
}
