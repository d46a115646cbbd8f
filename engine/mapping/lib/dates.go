package lib

import (
	"context"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // time zones do not depend on the host
)

// isoLayout is the layout dates are exchanged in.
const isoLayout = "2006-01-02T15:04:05.999999999Z07:00"

// patternTokens maps date pattern tokens (longest first) to Go layout
// elements: yyyy MM dd HH mm ss SSS, plus MMM (Jan), EEE (Mon) and XXX
// (+01:00 or Z).
var patternTokens = []struct{ tok, layout string }{
	{"yyyy", "2006"}, {"yy", "06"}, {"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
	{"dd", "02"}, {"d", "2"}, {"EEEE", "Monday"}, {"EEE", "Mon"}, {"HH", "15"}, {"hh", "03"}, {"h", "3"},
	{"mm", "04"}, {"ss", "05"}, {"SSS", "000"}, {"a", "PM"}, {"XXX", "Z07:00"}, {"Z", "-0700"},
}

// Layout converts a date pattern such as "dd.MM.yyyy HH:mm" to a Go time
// layout. Text in single quotes is literal.
func Layout(pattern string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(pattern); {
		if pattern[i] == '\'' {
			end := strings.IndexByte(pattern[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("%w: unclosed quote in date pattern %q", ErrArgument, pattern)
			}
			b.WriteString(pattern[i+1 : i+1+end])
			i += end + 2
			continue
		}
		matched := false
		for _, t := range patternTokens {
			if strings.HasPrefix(pattern[i:], t.tok) {
				b.WriteString(t.layout)
				i += len(t.tok)
				matched = true
				break
			}
		}
		if !matched {
			c := pattern[i]
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
				return "", fmt.Errorf("%w: unknown letter %q in date pattern %q (quote literal text)", ErrArgument, c, pattern)
			}
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

func location(v any) (*time.Location, error) {
	if IsNullish(v) {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(ToString(v))
	if err != nil {
		return nil, fmt.Errorf("%w: unknown time zone %q", ErrArgument, ToString(v))
	}
	return loc, nil
}

var defaultLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02"}

// parseTime parses s with pattern (or the ISO forms) in loc.
func parseTime(name string, s, pattern any, loc *time.Location) (time.Time, error) {
	text := ToString(s)
	if !IsNullish(pattern) {
		layout, err := Layout(ToString(pattern))
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", name, err)
		}
		t, err := time.ParseInLocation(layout, text, loc)
		if err != nil {
			return time.Time{}, argErr(name, "%q does not match pattern %q", text, ToString(pattern))
		}
		return t, nil
	}
	for _, l := range defaultLayouts {
		if t, err := time.ParseInLocation(l, text, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, argErr(name, "%q is not an ISO-8601 date", text)
}

// parseDate(s, pattern?, tz?) returns the ISO-8601 form of a date; tz is
// the zone of inputs without an offset (UTC by default).
func parseDate(_ context.Context, args []any) (any, error) {
	if IsNullish(arg(args, 0)) {
		return arg(args, 0), nil
	}
	loc, err := location(arg(args, 2))
	if err != nil {
		return nil, fmt.Errorf("parseDate: %w", err)
	}
	t, err := parseTime("parseDate", arg(args, 0), arg(args, 1), loc)
	if err != nil {
		return nil, err
	}
	return t.Format(isoLayout), nil
}

// formatDate(date, pattern, tz?) formats an ISO-8601 date in tz (UTC by
// default).
func formatDate(_ context.Context, args []any) (any, error) {
	if IsNullish(arg(args, 0)) {
		return arg(args, 0), nil
	}
	loc, err := location(arg(args, 2))
	if err != nil {
		return nil, fmt.Errorf("formatDate: %w", err)
	}
	t, err := parseTime("formatDate", arg(args, 0), nil, time.UTC)
	if err != nil {
		return nil, err
	}
	layout, err := Layout(ToString(arg(args, 1)))
	if err != nil {
		return nil, fmt.Errorf("formatDate: %w", err)
	}
	return t.In(loc).Format(layout), nil
}

// addDate(date, amount, unit) adds whole units (years, months, weeks,
// days, hours, minutes, seconds; singular also) to an ISO-8601 date.
func addDate(_ context.Context, args []any) (any, error) {
	if IsNullish(arg(args, 0)) {
		return arg(args, 0), nil
	}
	t, err := parseTime("addDate", arg(args, 0), nil, time.UTC)
	if err != nil {
		return nil, err
	}
	n := ToNumber(arg(args, 1))
	if n != float64(int(n)) {
		return nil, argErr("addDate", "amount must be a whole number")
	}
	k := int(n)
	switch strings.TrimSuffix(ToString(arg(args, 2)), "s") {
	case "year":
		t = t.AddDate(k, 0, 0)
	case "month":
		t = t.AddDate(0, k, 0)
	case "week":
		t = t.AddDate(0, 0, 7*k)
	case "day":
		t = t.AddDate(0, 0, k)
	case "hour":
		t = t.Add(time.Duration(k) * time.Hour)
	case "minute":
		t = t.Add(time.Duration(k) * time.Minute)
	case "second":
		t = t.Add(time.Duration(k) * time.Second)
	default:
		return nil, argErr("addDate", "unknown unit %q", ToString(arg(args, 2)))
	}
	return t.Format(isoLayout), nil
}
