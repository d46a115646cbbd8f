package format_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
)

// fuzzRead reads data as f and checks the reader's promises: it ends, it
// never panics, records are JSON-like and errors are *format.Error with
// sensible positions.
func fuzzRead(t *testing.T, f format.Format, data []byte) {
	r, err := format.NewReader(bytes.NewReader(data), f)
	require.NoError(t, err)
	for range len(data) + 2 {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var fe *format.Error
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			assert.GreaterOrEqual(t, fe.Line, 0)
			assert.GreaterOrEqual(t, fe.Record, 0)
			if fe.Fatal {
				_, err := r.Read()
				assert.Equal(t, io.EOF, err, "a fatal error ends the stream")
				return
			}
			continue
		}
		_, err = json.Marshal(rec)
		require.NoError(t, err, "record %#v", rec)
	}
	t.Fatalf("more reads than bytes: the reader does not end")
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"a":1},{"b":[1,2,{"c":null}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, format.FormatJSON, data) })
}

func FuzzNDJSON(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n\n[1]\n\"x\"\n{bad\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, format.FormatNDJSON, data) })
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("a;b\n1;\"2;3\"\n4\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, format.FormatCSV, data) })
}

func FuzzXML(f *testing.F) {
	f.Add([]byte(`<r><a x="1">t<b>2</b><b>3</b></a></r>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, format.FormatXML, data) })
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, format.FormatAuto, data) })
}
