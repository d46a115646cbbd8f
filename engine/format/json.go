package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// jsonReader streams a JSON array element by element, or a sequence of
// JSON values (concatenated or one per line).
type jsonReader struct {
	src     *bufio.Reader
	lines   *lineCounter
	dec     *json.Decoder
	started bool
	array   bool
	done    bool
	ordered bool // objects as *jsoncodec.Object (NewOrderedReader)
	n       int  // records read
}

func newJSONReader(br *bufio.Reader) *jsonReader {
	lc := &lineCounter{r: br}
	dec := json.NewDecoder(lc)
	return &jsonReader{src: br, lines: lc, dec: dec}
}

func (j *jsonReader) Read() (any, error) {
	if j.done {
		return nil, io.EOF
	}
	if !j.started {
		j.started = true
		if err := j.start(); err != nil {
			return nil, err
		}
	}
	j.lines.prune(j.dec.InputOffset())
	if j.array && !j.dec.More() {
		return nil, j.finishArray()
	}
	v, err := j.decode()
	if err != nil {
		if err == io.EOF && !j.array {
			j.done = true
			return nil, io.EOF
		}
		return nil, j.fail(err)
	}
	j.n++
	return v, nil
}

// decode decodes the next value, keeping key order when ordered (else
// with plain maps). jsoncodec keeps lone surrogates, which encoding/json
// replaces; what it leaves to a full decoder is decoded by encoding/json.
func (j *jsonReader) decode() (any, error) {
	var raw json.RawMessage
	if err := j.dec.Decode(&raw); err != nil {
		return nil, err
	}
	v, err := jsoncodec.DecodeJSON(string(raw))
	switch {
	case err == nil && j.ordered:
		return v, nil
	case err == nil:
		return jsoncodec.Plain(v), nil
	case j.ordered:
		return jsoncodec.DecodeFull(raw)
	}
	v = nil
	err = json.Unmarshal(raw, &v)
	return v, err
}

// start skips a byte-order mark and consumes the opening "[" of an array.
func (j *jsonReader) start() error {
	if bom, _ := j.src.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = j.src.Discard(3)
	}
	for {
		b, err := j.src.Peek(1)
		if err != nil {
			return nil // empty input: Decode reports EOF
		}
		if !strings.ContainsRune(" \t\r\n", rune(b[0])) {
			j.array = b[0] == '['
			break
		}
		_, _ = j.src.Discard(1)
		j.lines.skip(b[0])
	}
	if j.array {
		if _, err := j.dec.Token(); err != nil {
			return j.fail(err)
		}
	}
	return nil
}

// finishArray consumes "]" and checks that nothing follows.
func (j *jsonReader) finishArray() error {
	if _, err := j.dec.Token(); err != nil {
		return j.fail(err)
	}
	if _, err := j.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected data after the JSON array")
		}
		return j.fail(err)
	}
	j.done = true
	return io.EOF
}

// fail turns a decoding error into a fatal *Error with the line.
func (j *jsonReader) fail(err error) error {
	j.done = true
	// InputOffset is where the failing value starts (SyntaxError.Offset
	// is not a stream offset).
	off := j.dec.InputOffset()
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		msg = "unexpected end of JSON input"
		off = j.lines.pos
	}
	return &Error{Record: j.n + 1, Line: j.lines.line(off), Msg: msg, Fatal: true}
}

// lineCounter passes bytes through and keeps those not yet pruned, so
// that a stream offset can be turned into a line number. It holds at most
// the current record plus the decoder's read-ahead and 64 KiB.
type lineCounter struct {
	r      io.Reader
	pos    int64  // bytes passed through
	start  int64  // stream offset of buf[0]
	buf    []byte // bytes from start to pos
	before int    // newlines before start
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.buf = append(l.buf, p[:n]...)
	l.pos += int64(n)
	return n, err
}

// skip accounts for a byte read before the decoder saw the stream.
func (l *lineCounter) skip(b byte) {
	if b == '\n' {
		l.before++
	}
}

// line is the 1-based line of the first non-blank byte at or after
// stream offset off.
func (l *lineCounter) line(off int64) int {
	i := int(max(min(off-l.start, int64(len(l.buf))), 0))
	for i < len(l.buf) && strings.IndexByte(" \t\r\n,", l.buf[i]) >= 0 {
		i++
	}
	return l.before + bytes.Count(l.buf[:i], []byte("\n")) + 1
}

// prune forgets bytes before off once there are enough of them.
func (l *lineCounter) prune(off int64) {
	n := int(off - l.start)
	if n < 64<<10 || n > len(l.buf) {
		return
	}
	l.before += bytes.Count(l.buf[:n], []byte("\n"))
	l.buf = append(l.buf[:0:0], l.buf[n:]...)
	l.start = off
}

// isJSONValue reports whether b is exactly one JSON value.
func isJSONValue(b []byte) bool {
	return json.Valid(b)
}
