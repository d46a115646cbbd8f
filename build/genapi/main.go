package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/weftworks/weft/app"
)

// output is where the contract is written, relative to the module root.
const output = "frontend/src/api/generated.ts"

// serviceType is the type whose exported methods are the API.
var serviceType = reflect.TypeFor[*app.Service]()

func main() {
	check := flag.Bool("check", false, "only report whether the checked-in file is current (exit 1 when not)")
	flag.Parse()
	if err := run(*check); err != nil {
		fmt.Fprintln(os.Stderr, "genapi:", err)
		os.Exit(1)
	}
}

func run(check bool) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	src, err := generate(serviceType, root)
	if err != nil {
		return err
	}
	path := filepath.Join(root, output)
	if check {
		have, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if string(have) != string(src) {
			return fmt.Errorf("%s is out of date: run make gen-api", output)
		}
		return nil
	}
	return os.WriteFile(path, src, 0o644)
}

// moduleRoot is the nearest folder at or above the working directory
// holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
