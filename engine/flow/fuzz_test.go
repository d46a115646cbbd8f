package flow_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftworks/weft/engine/flow"
)

// FuzzDecode checks that Decode and ExpandSubflows never panic and that
// whatever Decode accepts encodes canonically: Encode(Decode(Encode(f))) == Encode(f). The seed
// corpus is testdata/fuzz/FuzzDecode plus the golden flows.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(flowsDir, "*.flow.json"))
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := flow.Decode(data)
		if err != nil {
			return
		}
		if x, err := flow.ExpandSubflows(fl); err == nil && x.HasSubflowNodes() {
			t.Fatalf("expansion left subflow nodes")
		}
		once, err := flow.Encode(fl)
		if err != nil {
			return // only values JSON cannot hold, which Decode cannot produce
		}
		again, err := flow.Decode(once)
		if err != nil {
			t.Fatalf("canonical output does not decode: %v\n%s", err, once)
		}
		twice, err := flow.Encode(again)
		if err != nil || string(once) != string(twice) {
			t.Fatalf("encoding is not stable (%v):\n%s\n---\n%s", err, once, twice)
		}
	})
}
