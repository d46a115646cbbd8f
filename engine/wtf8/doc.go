// Package wtf8 holds JavaScript strings that are not valid UTF-16 in Go
// strings. JavaScript strings are sequences of UTF-16 code units and may
// hold lone surrogates ("😀".slice(0, 1), JSON.parse('"\ud83d"')); weft
// keeps such a code unit inside a Go string as WTF-8, the three-byte
// encoding of U+D800..U+DFFF (ED A0 80 to ED BF BF), and a surrogate pair
// as the four-byte UTF-8 of its character.
//
// # Basics
//
// Has tells cheaply whether a string holds a lone surrogate; strings
// without one are plain UTF-8 and need none of this package. ToUTF16 and
// FromUTF16 convert to and from code units, Concat joins two strings (a
// high surrogate at the end of one and a low one at the start of the
// other become one character, as in JavaScript) and Normalize joins such
// neighbours inside one string.
//
// # Caveats
//
// Bytes that are neither UTF-8 nor WTF-8 surrogates read as U+FFFD, as
// encoding/json and goja read them.
package wtf8
