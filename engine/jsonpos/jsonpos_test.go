package jsonpos_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/engine/jsonpos"
)

func TestLineColumn(t *testing.T) {
	data := []byte("{\n  \"é\": [1,\n  x]\n}")
	tests := []struct {
		pos, line, col int
	}{
		{0, 1, 1},
		{2, 2, 1},
		{7, 2, 5}, // after the two-byte é: columns count characters
		{16, 3, 3},
		{-5, 1, 1},
		{999, 4, 2},
	}
	for _, tc := range tests {
		line, col := jsonpos.LineColumn(data, tc.pos)
		assert.Equal(t, [2]int{tc.line, tc.col}, [2]int{line, col}, "offset %d", tc.pos)
	}
}
