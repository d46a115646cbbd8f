package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"time"
)

// epoch is the timestamp of every entry: the zip format's earliest date,
// so that a bundle's bytes depend on its content only.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Read limits: a bundle is a handful of small JSON files.
const (
	maxEntries   = 4096
	maxFileBytes = 64 << 20
	maxTotal     = 256 << 20
)

// writeZip writes entries sorted by name, stored, with fixed timestamps.
func writeZip(entries map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		hdr := &zip.FileHeader{Name: name, Method: zip.Store, Modified: epoch}
		hdr.SetMode(0o644)
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(entries[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readZip returns every entry of a zip, refusing duplicates, directories,
// oversized entries and too many of them.
func readZip(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip archive: %v", ErrCorrupt, err)
	}
	if len(zr.File) > maxEntries {
		return nil, fmt.Errorf("%w: %d entries (at most %d)", ErrCorrupt, len(zr.File), maxEntries)
	}
	out := make(map[string][]byte, len(zr.File))
	total := 0
	for _, f := range zr.File {
		if _, dup := out[f.Name]; dup {
			return nil, fmt.Errorf("%w: %s: duplicate entry", ErrCorrupt, f.Name)
		}
		b, err := readEntry(f)
		if err != nil {
			return nil, err
		}
		if total += len(b); total > maxTotal {
			return nil, fmt.Errorf("%w: more than %d bytes in all", ErrCorrupt, maxTotal)
		}
		out[f.Name] = b
	}
	return out, nil
}

func readEntry(f *zip.File) ([]byte, error) {
	if f.FileInfo().IsDir() {
		return nil, fmt.Errorf("%w: %s: unexpected directory", ErrCorrupt, f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.Name, err)
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("%w: %s: larger than %d bytes", ErrCorrupt, f.Name, maxFileBytes)
	}
	return b, nil
}

// checksum is the lowercase hex sha256 of b.
func checksum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
