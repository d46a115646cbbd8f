package mapping

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// dateToken is one piece of a date pattern: a field letter run such as
// "yyyy" or literal text.
type dateToken struct {
	field   byte
	width   int
	literal string
}

// datePattern formats a time; nil means RFC 3339.
type datePattern []dateToken

// patternLetters are the pattern letters Weft understands; other ASCII
// letters must be quoted.
const patternLetters = "yMdHhmsSaEXZ"

// parseDatePattern reads a pattern such as "yyyy-MM-dd'T'HH:mm:ss.SSSXXX":
// yyyy/yy year, M/MM/MMM/MMMM month, d/dd day, H/HH hour (0-23), h/hh
// hour (1-12), a AM/PM, m/mm minute, s/ss second, S… fraction digits,
// EEE/EEEE weekday, XXX offset "+01:00" (Z for UTC), XX "+0100", Z
// "+0100"; text in '…' is literal (” is a quote).
func parseDatePattern(p string) (datePattern, error) {
	if p == "" {
		return nil, nil
	}
	var out datePattern
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			end := strings.IndexByte(p[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("date format %q: unterminated quote", p)
			}
			lit := p[i+1 : i+1+end]
			if lit == "" {
				lit = "'"
			}
			out, i = append(out, dateToken{literal: lit}), i+end+2
		case strings.IndexByte(patternLetters, c) >= 0:
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			out, i = append(out, dateToken{field: c, width: j - i}), j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return nil, fmt.Errorf("date format %q: unknown letter %q (quote literal text with ')", p, c)
		default:
			out, i = append(out, dateToken{literal: string(c)}), i+1
		}
	}
	return out, nil
}

func (p datePattern) format(t time.Time) string {
	if p == nil {
		return t.Format(time.RFC3339Nano)
	}
	var b strings.Builder
	for _, tok := range p {
		if tok.field == 0 {
			b.WriteString(tok.literal)
			continue
		}
		b.WriteString(tok.render(t))
	}
	return b.String()
}

func (tok dateToken) render(t time.Time) string {
	num := func(n int) string {
		s := strconv.Itoa(n)
		return strings.Repeat("0", max(tok.width-len(s), 0)) + s
	}
	switch tok.field {
	case 'y':
		if tok.width == 2 {
			return fmt.Sprintf("%02d", t.Year()%100)
		}
		return num(t.Year())
	case 'M':
		switch tok.width {
		case 1, 2:
			return num(int(t.Month()))
		case 3:
			return t.Month().String()[:3]
		}
		return t.Month().String()
	case 'd':
		return num(t.Day())
	case 'H':
		return num(t.Hour())
	case 'h':
		return num((t.Hour()+11)%12 + 1)
	case 'a':
		return t.Format("PM")
	case 'm':
		return num(t.Minute())
	case 's':
		return num(t.Second())
	case 'S':
		frac := fmt.Sprintf("%09d", t.Nanosecond())
		return (frac + strings.Repeat("0", max(tok.width-9, 0)))[:tok.width]
	case 'E':
		if tok.width <= 3 {
			return t.Weekday().String()[:3]
		}
		return t.Weekday().String()
	case 'X':
		if tok.width >= 3 {
			return t.Format("Z07:00")
		}
		return t.Format("Z0700")
	}
	return t.Format("-0700") // 'Z'
}

// inputLayouts are the date strings a date field accepts.
var inputLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02",
}

// toDate reads an ISO-8601 date string or Unix milliseconds and formats it
// with the pattern (RFC 3339 when none). Times without an offset are UTC.
func toDate(v any, p datePattern) (any, error) {
	switch t := v.(type) {
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > 8.64e15 {
			return nil, fmt.Errorf("%v is not a valid time in Unix milliseconds", t)
		}
		return p.format(time.UnixMilli(int64(t)).UTC()), nil
	case string:
		s := strings.TrimSpace(t)
		for _, l := range inputLayouts {
			if tm, err := time.Parse(l, s); err == nil {
				return p.format(tm), nil
			}
		}
	}
	return nil, fmt.Errorf("cannot read %s as a date (want ISO 8601 such as 2026-03-01T10:22:33Z, or Unix milliseconds)", describe(v))
}
