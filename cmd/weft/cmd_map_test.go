package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMapDefaultWorkersKeepOrder(t *testing.T) {
	var in strings.Builder
	for i := range 3000 {
		in.WriteString(`{"n":` + itoa(i) + `,"s":"x` + itoa(i%7) + `"}` + "\n")
	}
	p := writeFile(t, "m.json", `{"fields":[{"target":"s","expr":"s + \"-\" + n"},{"target":"m","expr":"n * 2"}]}`)
	inPath := writeFile(t, "in.ndjson", in.String())
	code, stdout, stderr := weft(t, "map", p, "--input", inPath)
	require.Equal(t, 0, code, stderr)
	code, single, stderr := weft(t, "map", p, "--input", inPath, "--workers", "1")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, single, stdout)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 3000)
	assert.Equal(t, `{"s":"x3-2999","m":5998}`, lines[2999], "keys in field order")
}

// TestMapRareJSONUsesTheFullDecoder covers records the fast decoder hands
// to go-json (a number beyond float64, malformed JSON): they fail exactly
// as before. A lone surrogate is kept and written as JSON.stringify
// writes it (\ud800), and so are <, & and > (as they are).
func TestMapRareJSONUsesTheFullDecoder(t *testing.T) {
	p := writeFile(t, "m.json", `{"fields":[{"target":"s","path":"s"}]}`)
	in := writeFile(t, "in.ndjson", `{"s":"\ud83d\ude00 \u00e9 <&>"}`+"\n"+`{"s":1e400}`+"\n"+`{"s":"\ud800"}`+"\n"+`{"s":[1,]}`+"\n")
	code, stdout, stderr := weft(t, "map", p, "--input", in)
	assert.Equal(t, 1, code)
	assert.Equal(t, `{"s":"😀 é <&>"}`+"\n"+`{"s":"\ud800"}`+"\n", stdout)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	require.Len(t, lines, 3, stderr)
	assert.Contains(t, lines[0], `{"record":2,"line":2,"error":"record 2 (line 2): `)
	assert.Contains(t, lines[1], `{"record":4,"line":4,"error":"record 4 (line 4): invalid JSON`)
	assert.Contains(t, lines[2], "2 of 4 records failed")
}

// TestMapAndPreviewKeepKeyOrder: weft map (one worker and several) and
// weft preview write the record's objects in its key order, for NDJSON
// and JSON input, and the fields in field order.
func TestMapAndPreviewKeepKeyOrder(t *testing.T) {
	p := writeFile(t, "m.json", `{"fields":[{"target":"z","path":"id"},{"target":"rec","path":"$"},{"target":"keys","expr":"Object.keys($.c)"}]}`)
	recs := []string{`{"id":1,"c":{"y":1,"x":2,"5":3},"b":true}`, `{"c":{"b":[{"q":1,"p":2}]},"id":2}`}
	want := `{"z":1,"rec":{"id":1,"c":{"5":3,"y":1,"x":2},"b":true},"keys":["5","y","x"]}` + "\n" +
		`{"z":2,"rec":{"c":{"b":[{"q":1,"p":2}]},"id":2},"keys":["b"]}` + "\n"
	for name, text := range map[string]string{"ndjson": strings.Join(recs, "\n") + "\n", "json": "[" + strings.Join(recs, ",\n") + "]"} {
		in := writeFile(t, "in."+name, text)
		for _, workers := range []string{"1", "2"} {
			code, stdout, stderr := weft(t, "map", p, "--input", in, "--format", name, "--workers", workers)
			require.Equal(t, 0, code, stderr)
			assert.Equal(t, want, stdout, "%s, %s workers", name, workers)
		}
		code, stdout, stderr := weft(t, "preview", p, "--input", in, "--format", name)
		require.Equal(t, 0, code, stderr)
		var res struct {
			Records []struct {
				Output json.RawMessage `json:"output"`
			} `json:"records"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &res))
		var got strings.Builder
		for _, r := range res.Records {
			var b bytes.Buffer
			require.NoError(t, json.Compact(&b, r.Output))
			got.WriteString(b.String() + "\n")
		}
		assert.Equal(t, want, got.String(), "preview, %s", name)
	}
}

// TestMapWritesACPUProfile: --cpuprofile writes a gzipped pprof profile
// beside the normal output; a path that cannot be created fails the run.
func TestMapWritesACPUProfile(t *testing.T) {
	p := writeFile(t, "m.json", `{"fields":[{"target":"n","expr":"n + 1"}]}`)
	in := writeFile(t, "in.ndjson", `{"n":1}`+"\n"+`{"n":2}`+"\n")
	prof := filepath.Join(t.TempDir(), "cpu.pprof")
	code, stdout, stderr := weft(t, "map", p, "--input", in, "--cpuprofile", prof)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, `{"n":2}`+"\n"+`{"n":3}`+"\n", stdout)
	data, err := os.ReadFile(prof)
	require.NoError(t, err)
	require.Greater(t, len(data), 2)
	assert.Equal(t, []byte{0x1f, 0x8b}, data[:2], "a pprof profile is gzipped")
	code, _, stderr = weft(t, "map", p, "--input", in, "--cpuprofile", filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.pprof"))
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "cpu.pprof")
}

// TestMapScriptEngine: --script-engine goja runs a script weft compiles
// natively in goja, with the same output; other names are refused.
func TestMapScriptEngine(t *testing.T) {
	p := writeFile(t, "m.json", `{"script":"let t = 0; for (const i of $.items) t += i.q; return {id: $.id, t};"}`)
	in := writeFile(t, "in.ndjson", `{"id":"a","items":[{"q":1},{"q":2.5}]}`+"\n"+`{"id":"b","items":[]}`+"\n")
	for name, native := range map[string]bool{"auto": true, "goja": false} {
		opts, err := scriptEngine(name)
		require.NoError(t, err)
		c, _, closeIn, err := openMapping(p, in, "ndjson", opts)
		require.NoError(t, err)
		closeIn()
		assert.Equal(t, native, c.Native(), name)
		code, stdout, stderr := weft(t, "map", p, "--input", in, "--script-engine", name)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, `{"id":"a","t":3.5}`+"\n"+`{"id":"b","t":0}`+"\n", stdout, name)
	}
	code, _, stderr := weft(t, "map", p, "--input", in, "--script-engine", "v8")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `--script-engine "v8": want auto or goja`)
}
