package jsoncodec

// key reads the member key at pos (a quote) and what n reads of its
// value (read false: nothing). A key of n that is plain text (keys, n's
// rawKeys) is matched on the input without scanning it first,
// trying first the key after the one matched last (*next), as records
// mostly repeat their keys in the same order; the key returned is then
// n's own string, which does not keep the input alive.
func (d *decoder) key(n *Reads, keys []readMember, next *int) (k string, part *Reads, read, ok bool) {
	if at, end := rawKey(keys, d.s, d.pos+1, *next); at >= 0 {
		m := &keys[at]
		d.pos, *next = end, at+1
		return m.key, m.part, true, true
	}
	start := d.pos
	if k, ok = d.str(); !ok {
		return "", nil, false, false
	}
	if !n.All() && n.escaped == 0 && len(k) == d.pos-start-2 {
		// Every key of n is raw and this one has no escape: rawKey would
		// have matched it if n read it.
		return k, nil, false, true
	}
	part, read = n.member(k)
	return k, part, read, true
}

// plainKey reports whether k can go after the members ms of an object
// as it is: not an array index, and not a repeated key (checked up to
// indexMin members; more are not plain). seen has a bit for the length
// and first byte of each key so far: keys are compared only when k's bit
// is already set.
func plainKey(ms []Member, k string, seen *uint64) bool {
	if len(ms) >= indexMin || isIndexKey(k) {
		return false
	}
	if bit := keyBit(k); *seen&bit == 0 {
		*seen |= bit
		return true
	}
	return !repeated(ms, k)
}

// repeated reports whether k is the key of one of ms.
func repeated(ms []Member, k string) bool {
	for _, m := range ms {
		if m.Key == k {
			return true
		}
	}
	return false
}

// keyBit is k's bit in plainKey's mask, from its length and first byte.
func keyBit(k string) uint64 {
	h := uint(len(k)) * 7
	if len(k) > 0 {
		h += uint(k[0])
	}
	return 1 << (h & 63)
}
