package jsonpos

import "unicode/utf8"

// LineColumn returns the 1-based line and column (in characters, not bytes)
// of offset pos in data. An offset outside data is clamped to it.
func LineColumn(data []byte, pos int) (line, column int) {
	pos = max(0, min(pos, len(data)))
	line, start := 1, 0
	for i, b := range data[:pos] {
		if b == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:pos]) + 1
}
