package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
)

func cmdPreview(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "sample records `FILE` (required)")
	formatName := fs.String("format", "auto", "sample format: auto, ndjson, json, csv or xml")
	limit := fs.Int("limit", app.DefaultPreviewLimit, "preview at most `N` records")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft preview MAPPING.json --input FILE [--format F] [--limit N]")
		fmt.Fprintln(stderr, "Prints the preview (outputs, field errors, output schema, lineage) as JSON.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 || *input == "" })
	if err != nil {
		return err
	}
	m, err := runner.LoadMapping(pos[0])
	if err != nil {
		return err
	}
	f, err := format.ParseFormat(*formatName)
	if err != nil {
		return err
	}
	file, err := os.Open(*input)
	if err != nil {
		return err
	}
	defer file.Close()
	r, err := format.NewOrderedReader(file, f)
	if err != nil {
		return err
	}
	records, parseErr := format.ReadAll(r, *limit)
	resp := app.PreviewResponse{PreviewResult: mapping.Preview(ctx, m, records), Source: mapping.Infer(records)}
	if parseErr != nil {
		resp.ParseError = parseErr.Error()
	}
	resp.KeepSurrogates()
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // strings as JSON.stringify writes them
	if err := enc.Encode(resp); err != nil {
		return err
	}
	if resp.Error != "" {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: %s", pos[0], resp.Error)}
	}
	return nil
}
