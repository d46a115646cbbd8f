package jsoncodec

// memberKey reads the key of member j of an object of n at pos (a
// quote) when the key met last at position j (n.seen) does not fit in
// words there (see object): the key, its position in keys (n's rawKeys;
// -1 when n reads all of the value or does not read the key) and whether
// its value is read. It tries that key, then the key after the one read
// last (*next), then key's search; a key found by searching is
// remembered for position j.
func (d *decoder) memberKey(n *Reads, keys []readMember, j int, next *int) (k string, at int, read, ok bool) {
	start := d.pos + 1
	if n != nil && j < len(n.seen) && n.seen[j].matches(d.s, start) {
		sk := &n.seen[j]
		d.pos += len(sk.text) + 2
		if sk.at < 0 {
			return "", -1, false, true
		}
		*next = sk.at + 1
		return keys[sk.at].key, sk.at, true, true
	}
	if *next < len(keys) && keys[*next].at(d.s, start) { // the key after the last one, as predicted
		at = *next
		k, read, ok = keys[at].key, true, true
		d.pos += len(k) + 2
		*next++
	} else if k, at, read, ok = d.key(n, keys, next); !ok {
		return "", -1, false, false
	}
	if n.learns() {
		n.remember(j, d.s[start:d.pos-1], at)
	}
	return k, at, read, true
}

// key reads the member key at pos (a quote): the key, its position in
// keys (n's rawKeys; -1 when n reads all of the value or does not read
// the key) and whether its value is read. A key of n that is plain text
// (keys) is matched on the input without scanning it first, trying first
// the key after the one matched last (*next), as records mostly repeat
// their keys in the same order; the key returned is then n's own string,
// which does not keep the input alive.
func (d *decoder) key(n *Reads, keys []readMember, next *int) (k string, at int, read, ok bool) {
	if at, end := rawKey(keys, d.s, d.pos+1, *next); at >= 0 {
		d.pos, *next = end, at+1
		return keys[at].key, at, true, true
	}
	start := d.pos
	if k, ok = d.str(); !ok {
		return "", -1, false, false
	}
	if n.All() {
		return k, -1, true, true
	}
	if n.escaped == 0 && len(k) == d.pos-start-2 {
		// Every key of n is raw and this one has no escape: rawKey would
		// have matched it if n read it.
		return k, -1, false, true
	}
	at = n.index(k)
	return k, at, at >= 0, true
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
