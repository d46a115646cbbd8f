// Package format reads and writes streams of JSON-like records: a JSON
// array (or a sequence of JSON values), NDJSON, CSV with a header row, and
// XML; and writes NDJSON, JSON arrays, CSV and XML.
//
// # Basics
//
// NewReader returns a Reader for a format, or detects it (FormatAuto) from
// the first bytes. Readers stream: a JSON array is read element by element
// with json.Decoder tokens and a large file never sits in memory. Records
// are map[string]any (objects), []any, string, float64, bool or nil. CSV
// rows become objects keyed by the header, with string values; the
// delimiter (comma, semicolon, tab or pipe) is detected from the first
// lines. In XML the root element's children are the records: attributes
// become "@name" keys, repeated child elements become arrays, an element
// with only text becomes a string, and text mixed with attributes or
// children is kept as "#text". Names keep the namespace prefix the
// document wrote ("soap:Body", "@xml:lang"); xmlns declarations are
// dropped. NewCSVReader and NewCSVWriter take CSVOptions (delimiter, no
// header row, lenient quotes, type detection, columns); NewXMLWriter
// writes records back the way the reader reads them ("@name" keys as
// attributes, "#text" as text, arrays as repeated elements).
//
// # Errors
//
// A bad record gives an *Error naming the record number and the line.
// After an Error that is not Fatal (a bad NDJSON line, a CSV row with the
// wrong number of fields) the caller may keep reading; after a fatal one
// (malformed JSON or XML, which cannot be resynchronised) the reader is
// done.
//
// format imports the standard library, goccy/go-json and engine/jsoncodec
// (the ordered objects of NewOrderedReader, JSON decoding that keeps lone
// surrogates, and writing as weft map writes) only; it must never import
// other Weft packages.
package format
