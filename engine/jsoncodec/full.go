package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// DecodeFull decodes one JSON value as encoding/json does into an `any`
// (the values, the replacement of invalid UTF-8 and lone surrogates, the
// errors), but with *Object for objects, in the order DecodeJSON gives.
// It handles all the input DecodeJSON leaves to a full decoder, more
// slowly.
func DecodeFull(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	v, err := decodeFull(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("invalid character after top-level value")
		}
		return nil, err
	}
	return v, nil
}

func decodeFull(dec *json.Decoder, depth int) (any, error) {
	if depth > 10000 {
		return nil, errors.New("exceeded max depth")
	}
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &Object{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeFull(dec, depth+1)
			if err != nil {
				return nil, err
			}
			o.Set(k.(string), v)
		}
		_, err := dec.Token() // }
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := decodeFull(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token() // ]
		return a, err
	}
	return tok, nil
}
