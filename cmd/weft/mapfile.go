package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/weftworks/weft/engine/mapping"
)

// loadMapping reads and decodes a mapping file; errors name the file, and
// for a malformed file the line and column.
func loadMapping(path string) (*mapping.Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := mapping.Decode(data)
	if err != nil {
		var syn *mapping.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, syn.Line, syn.Column, syn.Msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// parseCommand parses a command's arguments (see parseArgs). When they do
// not parse, or wrong says the positionals or flags are not what the
// command takes, it returns the usage exit (code 2), having printed the
// usage for the latter (the flag package prints it for the former).
func parseCommand(fs *flag.FlagSet, args []string, wrong func(pos []string) bool) ([]string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, &exitError{code: 2}
	}
	if wrong(pos) {
		fs.Usage()
		return nil, &exitError{code: 2}
	}
	return pos, nil
}

// parseArgs parses flags that may come before or after the positional
// arguments ("weft map M.json --workers 4") and returns the positionals.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
