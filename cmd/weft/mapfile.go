package main

import (
	"flag"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/mapping"
)

// loadMapping is runner.LoadMapping, for weft map.
func loadMapping(path string) (*mapping.Mapping, error) { return runner.LoadMapping(path) }

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
