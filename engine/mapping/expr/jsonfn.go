package expr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/wtf8"
)

// stringifier writes JSON.stringify's text the way goja's JSON.stringify
// does (which is the specification's algorithm).
type stringifier struct {
	f      *frame
	buf    []byte
	gap    string
	indent string
	props  []string // the replacer array's property list, if any
	hasPL  bool
	depth  int
}

// jsonStringify is JSON.stringify(value, replacer, space) for a replacer
// that is null, undefined or an array of names.
func jsonStringify(f *frame, args argList) (value, error) {
	s := &stringifier{f: f}
	if err := s.replacer(args.at(1)); err != nil {
		return vUndef, err
	}
	if err := s.space(args.at(2)); err != nil {
		return vUndef, err
	}
	ok, err := s.value(args.at(0))
	if err != nil || !ok {
		return vUndef, err
	}
	return str(string(s.buf)), nil
}

func (s *stringifier) replacer(r value) error {
	if r.k != kArr {
		return nil // not an array (nor a function, refused when compiling): ignored
	}
	s.hasPL = true
	seen := map[string]bool{}
	for _, x := range r.r.([]any) {
		v, err := fromAny(x)
		if err != nil {
			return err
		}
		if v.k != kStr && v.k != kNum {
			continue
		}
		name, _ := toStr(v)
		if name == "__proto__" {
			return errFallback
		}
		if !seen[name] {
			seen[name] = true
			s.props = append(s.props, name)
		}
	}
	return nil
}

func (s *stringifier) space(sp value) error {
	switch sp.k {
	case kNum:
		if math.IsNaN(sp.n) || math.IsInf(sp.n, 0) {
			return errFallback
		}
		if n := min(int64(sp.n), 10); n > 0 {
			s.gap = strings.Repeat(" ", int(n))
		}
	case kStr:
		if !wtf8.IsASCII(sp.s) {
			return errFallback
		}
		s.gap = sp.s[:min(len(sp.s), 10)]
	}
	return nil
}

// value writes v; ok is false when v writes nothing (undefined).
func (s *stringifier) value(v value) (bool, error) {
	if len(s.buf) > maxBuilt || s.depth > 100 {
		return false, errFallback
	}
	switch v.k {
	case kUndef:
		return false, nil
	case kNull:
		s.buf = append(s.buf, "null"...)
	case kBool:
		s.buf = strconv.AppendBool(s.buf, v.n != 0)
	case kNum:
		if math.IsNaN(v.n) || math.IsInf(v.n, 0) {
			s.buf = append(s.buf, "null"...)
		} else {
			s.buf = append(s.buf, lib.FormatNumber(v.n)...)
		}
	case kStr:
		return true, s.quote(v.s)
	case kDate:
		j, err := v.r.(*jsDate).toJSON()
		if err != nil || j == nil {
			s.buf = append(s.buf, "null"...)
			return true, err
		}
		return true, s.quote(*j)
	case kArr:
		return true, s.array(v.r.([]any))
	case kObj:
		return true, s.object(v.r)
	default:
		return false, errFallback
	}
	return true, nil
}

// quote writes a string with jsoncodec's string writer, which writes what
// JSON.stringify writes for JavaScript strings (WTF-8 lone surrogates
// included). Other invalid UTF-8, which goja reads as U+FFFD, is left to
// goja.
func (s *stringifier) quote(str string) error {
	if !wtf8.Valid(str) {
		return errFallback
	}
	s.buf = jsoncodec.AppendString(s.buf, str)
	return nil
}

// open starts an array or object; the returned separator goes between
// members, close ends it.
func (s *stringifier) open(c byte) (sep string, stepback string) {
	stepback = s.indent
	s.depth++
	s.buf = append(s.buf, c)
	if s.gap == "" {
		return ",", stepback
	}
	s.indent += s.gap
	s.buf = append(s.buf, '\n')
	s.buf = append(s.buf, s.indent...)
	return ",\n" + s.indent, stepback
}

func (s *stringifier) close(c byte, stepback string) {
	s.depth--
	if s.gap != "" {
		s.buf = append(s.buf, '\n')
		s.buf = append(s.buf, stepback...)
		s.indent = stepback
	}
	s.buf = append(s.buf, c)
}

func (s *stringifier) array(a []any) error {
	if len(a) == 0 {
		s.buf = append(s.buf, "[]"...)
		return nil
	}
	sep, stepback := s.open('[')
	for i, x := range a {
		if i > 0 {
			s.buf = append(s.buf, sep...)
		}
		v, err := fromAny(x)
		if err != nil {
			return err
		}
		ok, err := s.value(v)
		if err != nil {
			return err
		}
		if !ok {
			s.buf = append(s.buf, "null"...)
		}
	}
	s.close(']', stepback)
	return nil
}

func (s *stringifier) object(m any) error {
	if _, ok := objectGet(m, "toJSON"); ok {
		return errFallback
	}
	keys := s.props
	if !s.hasPL {
		keys = objectKeys(m)
	}
	mark := len(s.buf)
	sep, stepback := s.open('{')
	empty := true
	for _, k := range keys {
		x, present := objectGet(m, k)
		if !present {
			continue
		}
		v, err := fromAny(x)
		if err != nil {
			return err
		}
		if v.k == kUndef {
			continue
		}
		if !empty {
			s.buf = append(s.buf, sep...)
		}
		if err := s.member(k, v); err != nil {
			return err
		}
		empty = false
	}
	if empty {
		s.buf = append(s.buf[:mark], "{}"...)
		s.indent, s.depth = stepback, s.depth-1
		return nil
	}
	s.close('}', stepback)
	return nil
}

func (s *stringifier) member(k string, v value) error {
	if err := s.quote(k); err != nil {
		return err
	}
	if s.gap != "" {
		s.buf = append(s.buf, ':', ' ')
	} else {
		s.buf = append(s.buf, ':')
	}
	_, err := s.value(v)
	return err
}

// jsonParse is JSON.parse without a reviver, decoding as goja does (with
// encoding/json's tokens) and throwing goja's SyntaxError messages.
func jsonParse(f *frame, args argList) (value, error) {
	text, err := toStr(args.at(0))
	if err != nil {
		return vUndef, err
	}
	if hasSurrogateEscape(text) {
		return vUndef, errFallback // goja keeps lone surrogates; encoding/json replaces them
	}
	d := json.NewDecoder(strings.NewReader(text))
	x, err := parseValue(f, d, 0)
	var numErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errFallback), errors.As(err, &numErr):
		return vUndef, errFallback // goja reads numbers out of range as ±Infinity
	case errors.Is(err, io.EOF):
		return vUndef, &jsThrow{"SyntaxError: Unexpected end of JSON input (" + err.Error() + ")"}
	case err != nil:
		return vUndef, &jsThrow{"SyntaxError: " + err.Error()}
	}
	if tok, err := d.Token(); err != io.EOF { //nolint:errorlint // goja compares the same way
		return vUndef, &jsThrow{fmt.Sprintf("SyntaxError: Unexpected token at the end: %v", tok)}
	}
	return fromAny(x)
}

// hasSurrogateEscape reports whether JSON text may hold a surrogate escape
// (\uD800 to \uDFFF).
func hasSurrogateEscape(text string) bool {
	for i := strings.Index(text, `\u`); i >= 0 && i+3 < len(text); {
		if c, d := text[i+2], text[i+3]; (c == 'd' || c == 'D') && strings.IndexByte("89abcdefABCDEF", d) >= 0 {
			return true
		}
		j := strings.Index(text[i+2:], `\u`)
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

// jsThrow is an exception a built-in throws, with goja's message; the
// call located at its parenthesis reports it.
type jsThrow struct{ msg string }

func (e *jsThrow) Error() string { return e.msg }

func parseValue(f *frame, d *json.Decoder, depth int) (any, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	return parseToken(f, d, tok, depth)
}

func parseToken(f *frame, d *json.Decoder, tok json.Token, depth int) (any, error) {
	if depth > 100 {
		return nil, errFallback
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return parseObject(f, d, depth)
		}
		if t == '[' {
			return parseArray(f, d, depth)
		}
		return nil, errFallback
	case nil, string, float64, bool:
		return t, nil
	}
	return nil, errFallback
}

func parseObject(f *frame, d *json.Decoder, depth int) (any, error) {
	m := newObject(4)
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		if tok == json.Delim('}') {
			return m, nil
		}
		key, ok := tok.(string)
		if !ok || key == "__proto__" {
			return nil, errFallback
		}
		x, err := parseValue(f, d, depth+1)
		if err != nil {
			return nil, err
		}
		setProp(m, key, x)
	}
}

func parseArray(f *frame, d *json.Decoder, depth int) (any, error) {
	out := []any{}
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		if tok == json.Delim(']') {
			return out, nil
		}
		x, err := parseToken(f, d, tok, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
}
