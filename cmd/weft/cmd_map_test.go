package main

import (
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
	assert.Equal(t, `{"m":5998,"s":"x3-2999"}`, lines[2999])
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
