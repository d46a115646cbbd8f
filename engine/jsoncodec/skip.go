package jsoncodec

import "strconv"

// skip reads a value the Reads leaves out: it checks the value as
// value would (so that input value refuses is refused here too) but
// keeps nothing and allocates nothing, except for strings with escapes.
func (d *decoder) skip(depth int) bool {
	d.space()
	if d.pos >= len(d.s) || depth > maxDecodeDepth {
		return false
	}
	switch c := d.s[d.pos]; {
	case c == '{':
		return d.skipObject(depth)
	case c == '[':
		return d.skipArray(depth)
	case c == '"':
		_, ok := d.str()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		return d.skipNumber()
	}
	for _, word := range [...]string{"true", "false", "null"} {
		if len(d.s)-d.pos >= len(word) && d.s[d.pos:d.pos+len(word)] == word {
			d.pos += len(word)
			return true
		}
	}
	return false
}

func (d *decoder) skipObject(depth int) bool {
	d.pos++ // {
	d.space()
	if d.pos < len(d.s) && d.s[d.pos] == '}' {
		d.pos++
		return true
	}
	for {
		d.space()
		if d.pos >= len(d.s) || d.s[d.pos] != '"' {
			return false
		}
		if _, ok := d.str(); !ok {
			return false
		}
		d.space()
		if d.pos >= len(d.s) || d.s[d.pos] != ':' {
			return false
		}
		d.pos++
		if !d.skip(depth + 1) {
			return false
		}
		if more, ok := d.sep('}'); !more {
			return ok
		}
	}
}

func (d *decoder) skipArray(depth int) bool {
	d.pos++ // [
	d.space()
	if d.pos < len(d.s) && d.s[d.pos] == ']' {
		d.pos++
		return true
	}
	for {
		if !d.skip(depth + 1) {
			return false
		}
		more, ok := d.sep(']')
		if !ok || !more {
			return ok
		}
	}
}

// skipNumber reads a number as number does, refusing the same numbers
// (those out of float64's range).
func (d *decoder) skipNumber() bool {
	start := d.pos
	end, small, ok := d.scanNumber()
	if !ok {
		return false
	}
	d.pos = end
	if small {
		return true
	}
	_, err := strconv.ParseFloat(d.s[start:end], 64)
	return err == nil
}
