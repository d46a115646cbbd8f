package expr

// isoDate is a date parsed from the ISO format, as goja's date parser
// reads it (date_parser.go): fields may be out of range until checked.
type isoDate struct {
	year, month, day     int
	hour, min, sec, msec int
	offset               int  // time zone offset in minutes
	local                bool // a date-time without a time zone: local time
}

// parseISODate is goja's parseDateISOString: [+-YY]YYYY[-MM[-DD]]
// [THH:mm[:ss[.sss]]][Z|±HH:mm|±HHmm], nothing else.
func parseISODate(s string) (isoDate, bool) {
	d := isoDate{month: 1, day: 1}
	var ok bool
	if s == "" {
		return d, false
	}
	if sign := s[0]; sign == '-' || sign == '+' {
		if d.year, s, ok = isoDigits(s[1:], 6, 6); !ok || sign == '-' && d.year == 0 {
			return d, false
		}
		if sign == '-' {
			d.year = -d.year
		}
	} else if d.year, s, ok = isoDigits(s, 4, 4); !ok {
		return d, false
	}
	if s, ok = isoSkip(s, '-'); ok {
		if d.month, s, ok = isoDigits(s, 2, 2); !ok || d.month < 1 {
			return d, false
		}
		if s, ok = isoSkip(s, '-'); ok {
			if d.day, s, ok = isoDigits(s, 2, 2); !ok || d.day < 1 {
				return d, false
			}
		}
	}
	if s, ok = isoSkip(s, 'T'); ok {
		if s, ok = d.parseTime(s); !ok {
			return d, false
		}
	}
	if s != "" {
		if d.offset, s, ok = isoOffset(s); !ok {
			return d, false
		}
		d.local = false
	}
	return d, s == ""
}

// parseTime reads HH:mm[:ss[.sss]] after the "T".
func (d *isoDate) parseTime(s string) (string, bool) {
	var ok bool
	if d.hour, s, ok = isoDigits(s, 2, 2); !ok {
		return s, false
	}
	if s, ok = isoSkip(s, ':'); !ok {
		return s, false
	}
	if d.min, s, ok = isoDigits(s, 2, 2); !ok {
		return s, false
	}
	if s, ok = isoSkip(s, ':'); ok {
		if d.sec, s, ok = isoDigits(s, 2, 2); !ok {
			return s, false
		}
		d.msec, s = isoMillis(s)
	}
	d.local = true
	return s, true
}

func isoSkip(s string, c byte) (string, bool) {
	if s != "" && s[0] == c {
		return s[1:], true
	}
	return s, false
}

func isoDigits(s string, minDigits, maxDigits int) (int, string, bool) {
	i, v := 0, 0
	for i < len(s) && i < maxDigits && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + int(s[i]-'0')
		i++
	}
	if i < minDigits {
		return 0, s, false
	}
	return v, s[i:], true
}

// isoMillis reads a fraction of a second (up to 9 digits, milliseconds
// kept) after "." or ",".
func isoMillis(s string) (int, string) {
	if s == "" || s[0] != '.' && s[0] != ',' {
		return 0, s
	}
	mul, v, i := 100, 0, 1
	for i < len(s) && i-1 < 9 && s[i] >= '0' && s[i] <= '9' {
		v += int(s[i]-'0') * mul
		mul /= 10
		i++
	}
	if i == 1 {
		return 0, s
	}
	return v, s[i:]
}

// isoOffset reads Z or ±HH:mm or ±HHmm (strictly two or four digits).
func isoOffset(s string) (int, string, bool) {
	if s[0] == 'Z' {
		return 0, s[1:], true
	}
	sign := s[0]
	if sign != '+' && sign != '-' {
		return 0, s, false
	}
	hh, t, ok := isoDigits(s[1:], 1, 9)
	n := len(s) - 1 - len(t)
	if !ok || n != 2 && n != 4 {
		return 0, s, false
	}
	mm := 0
	if n == 4 {
		hh, mm = hh/100, hh%100
	} else if t, ok = isoSkip(t, ':'); ok {
		if mm, t, ok = isoDigits(t, 2, 2); !ok {
			return 0, s, false
		}
	}
	if hh > 23 || mm > 59 {
		return 0, s, false
	}
	v := hh*60 + mm
	if sign == '-' {
		v = -v
	}
	return v, t, true
}
