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

// FuzzCSVOptions reads CSV with the options the flags choose: the reader
// ends, never panics, gives JSON-like records and *format.Error errors,
// and without a header every row is an array.
func FuzzCSVOptions(f *testing.F) {
	f.Add([]byte("a;b\n1;\"2;3\"\n4\n"), uint8(0))
	f.Add([]byte("x,\"y\"z\n007,1e3\n"), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		o := format.CSVOptions{NoHeader: flags&1 != 0, LazyQuotes: flags&2 != 0, DetectTypes: flags&4 != 0}
		if flags&8 != 0 {
			o.Delimiter = ';'
		}
		r := format.NewCSVReader(bytes.NewReader(data), o)
		for range len(data) + 2 {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var fe *format.Error
				require.True(t, errors.As(err, &fe), "%T %v", err, err)
				if fe.Fatal {
					return
				}
				continue
			}
			if o.NoHeader {
				assert.IsType(t, []any{}, rec)
			}
			_, err = json.Marshal(rec)
			require.NoError(t, err)
		}
		t.Fatal("more reads than bytes: the reader does not end")
	})
}
