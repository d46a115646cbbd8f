package mapping_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/mapping")

const goldenDir = "../../testdata/mapping"

// TestGolden maps <case>.input.ndjson with <case>.mapping.json and compares
// one line per record, {"output", "failed"}, with <case>.expected.ndjson.
// failed lists the targets that failed; their messages belong to the
// expression engine and are tested there.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(goldenDir, "*.mapping.json"))
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".mapping.json")
		input := filepath.Join(goldenDir, name+".input.ndjson")
		if _, err := os.Stat(input); err != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			got := runGolden(t, path, input)
			want := filepath.Join(goldenDir, name+".expected.ndjson")
			if *update {
				require.NoError(t, os.WriteFile(want, got, 0o644))
			}
			data, err := os.ReadFile(want)
			require.NoError(t, err)
			assert.Equal(t, string(data), string(got))
		})
	}
}

func runGolden(t *testing.T, mappingPath, inputPath string) []byte {
	data, err := os.ReadFile(mappingPath)
	require.NoError(t, err)
	m, err := mapping.Decode(data)
	require.NoError(t, err)
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	in, err := os.Open(inputPath)
	require.NoError(t, err)
	defer in.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		rec, err := jsoncodec.DecodeFull(sc.Bytes())
		require.NoError(t, err)
		res, errs := c.Apply(t.Context(), rec)
		failed := []string{}
		for _, e := range errs {
			failed = append(failed, e.Target)
		}
		line, err := json.Marshal(map[string]any{"output": res, "failed": failed})
		require.NoError(t, err)
		out.Write(append(line, '\n'))
	}
	require.NoError(t, sc.Err())
	return out.Bytes()
}

func TestGoldenMappingTestsPass(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(goldenDir, "orders.mapping.json"))
	require.NoError(t, err)
	m, err := mapping.Decode(data)
	require.NoError(t, err)
	results := mapping.RunTests(t.Context(), m)
	require.Len(t, results, 1)
	assert.True(t, results[0].Passed, "%+v", results[0])
}
