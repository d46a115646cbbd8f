package script

import (
	"fmt"
	"strconv"

	"github.com/dop251/goja"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// replaceJSONParse replaces JSON.parse by one that reads the text as
// JavaScript does where goja's (encoding/json) departs from it: a lone
// surrogate escape ("\ud83d") stays that code unit instead of U+FFFD, and
// a number beyond float64's range is ±Infinity instead of an error. Text
// it cannot parse, and calls with a reviver, go to the built-in, which
// throws its SyntaxError or revives.
func (v *vm) replaceJSONParse() error {
	json := v.rt.Get("JSON").ToObject(v.rt)
	builtin, _ := goja.AssertFunction(json.Get("parse"))
	return v.replaceMethod(json, "parse", v.rt.ToValue(2), func(call goja.FunctionCall) goja.Value {
		if _, reviver := goja.AssertFunction(call.Argument(1)); !reviver {
			p := jsonParser{vm: v, s: exportString(call.Argument(0).ToString())}
			if val, ok := p.value(0); ok && p.end() {
				return val
			}
		}
		return v.must(builtin(goja.Undefined(), call.Arguments...))
	})
}

// maxParseDepth bounds the nesting jsonParser follows; deeper text goes
// to the built-in.
const maxParseDepth = 500

// jsonParser builds JS values from JSON text held as WTF-8.
type jsonParser struct {
	vm  *vm
	s   string
	pos int
}

func (p *jsonParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// end reports whether only white space is left.
func (p *jsonParser) end() bool {
	p.space()
	return p.pos == len(p.s)
}

func (p *jsonParser) value(depth int) (goja.Value, bool) {
	p.space()
	if p.pos >= len(p.s) || depth > maxParseDepth {
		return nil, false
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ok := p.str()
		return p.vm.str(s), ok
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for lit, val := range map[string]goja.Value{"true": p.vm.rt.ToValue(true), "false": p.vm.rt.ToValue(false), "null": goja.Null()} {
		if len(p.s)-p.pos >= len(lit) && p.s[p.pos:p.pos+len(lit)] == lit {
			p.pos += len(lit)
			return val, true
		}
	}
	return nil, false
}

func (p *jsonParser) object(depth int) (goja.Value, bool) {
	obj := p.vm.rt.NewObject()
	p.pos++
	if p.space(); p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return obj, true
	}
	for {
		if p.space(); p.pos >= len(p.s) || p.s[p.pos] != '"' {
			return nil, false
		}
		key, ok := p.str()
		if p.space(); !ok || p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return nil, false
		}
		p.pos++
		val, ok := p.value(depth + 1)
		if !ok || p.vm.defineKey(obj, key, val) != nil {
			return nil, false
		}
		if more, ok := p.sep('}'); !ok || !more {
			return obj, ok
		}
	}
}

// sep reads a comma (more) or the closing bracket.
func (p *jsonParser) sep(closing byte) (more, ok bool) {
	p.space()
	if p.pos >= len(p.s) {
		return false, false
	}
	c := p.s[p.pos]
	p.pos++
	return c == ',', c == ',' || c == closing
}

func (p *jsonParser) array(depth int) (goja.Value, bool) {
	var items []any
	p.pos++
	if p.space(); p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return p.vm.rt.NewArray(), true
	}
	for {
		val, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		items = append(items, val)
		if more, ok := p.sep(']'); !ok || !more {
			return p.vm.rt.NewArray(items...), ok
		}
	}
}

// str reads a string literal with the JSON decoder of the records, which
// keeps lone surrogates as WTF-8. A lone surrogate written as itself in the
// text (JSON.parse('"' + String.fromCharCode(0xd83d) + '"')) is its code
// unit too.
func (p *jsonParser) str() (string, bool) {
	end := p.pos + 1
	for end < len(p.s) && p.s[end] != '"' {
		if p.s[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(p.s) {
		return "", false
	}
	lit := p.s[p.pos : end+1]
	if wtf8.Has(lit) {
		lit = escapeSurrogates(lit)
	}
	v, err := jsoncodec.DecodeJSON(lit)
	s, ok := v.(string)
	p.pos = end + 1
	return s, ok && err == nil
}

// number reads a number with JSON's grammar; out of range is ±Infinity
// (or ±0), as in JavaScript.
func (p *jsonParser) number() (goja.Value, bool) {
	start := p.pos
	if p.s[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.s) && p.s[p.pos] == '0':
		p.pos++
	case p.digits() == 0:
		return nil, false
	}
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, false
		}
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(p.s[start:p.pos], 64)
	if err != nil && err.(*strconv.NumError).Err != strconv.ErrRange {
		return nil, false
	}
	return p.vm.rt.ToValue(f), true
}

func (p *jsonParser) digits() int {
	n := 0
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

// escapeSurrogates writes the WTF-8 surrogates of a string literal as
// \udXXX escapes, which mean the same code units inside a JSON string.
func escapeSurrogates(lit string) string {
	b := make([]byte, 0, len(lit)+8)
	for i := 0; i < len(lit); i++ {
		if u, ok := wtf8.Surrogate(lit[i:]); ok {
			b = fmt.Appendf(b, `\u%04x`, u)
			i += 2
			continue
		}
		b = append(b, lit[i])
	}
	return string(b)
}
