package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/bundle"
)

// cmdKeygen writes a new signing key pair: PREFIX.key (0600) and
// PREFIX.pub.
func cmdKeygen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	prefix := fs.String("o", "", "write `PREFIX`.key and PREFIX.pub")
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft keygen -o PREFIX"); fs.PrintDefaults() }
	_, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 0 || *prefix == "" })
	if err != nil {
		return err
	}
	pub, priv, err := bundle.GenerateKey()
	if err != nil {
		return err
	}
	if err := bundle.WriteKeyPair(*prefix, pub, priv); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s.key (private, keep it secret) and %s.pub\n", *prefix, *prefix)
	return nil
}

// cmdSign adds or replaces a bundle's signature.
func cmdSign(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "the private key `KEYFILE`")
	out := fs.String("o", "", "write the signed bundle to `FILE` (default: in place)")
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft sign FILE.weft --key KEYFILE [-o OUT]"); fs.PrintDefaults() }
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 || *key == "" })
	if err != nil {
		return err
	}
	priv, err := bundle.LoadPrivateKey(*key)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	signed, err := bundle.Sign(data, priv)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	dst := *out
	if dst == "" {
		dst = pos[0]
	}
	if err := os.WriteFile(dst, signed, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "signed %s\n", dst)
	return nil
}

// cmdVerify checks a bundle's checksums and signature.
func cmdVerify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "the public key `PUBFILE`")
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft verify FILE.weft --key PUBFILE"); fs.PrintDefaults() }
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 || *key == "" })
	if err != nil {
		return err
	}
	pub, err := bundle.LoadPublicKey(*key)
	if err != nil {
		return err
	}
	b, err := runner.LoadBundle(pos[0])
	if err != nil {
		return err
	}
	if err := b.Verify(pub); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", pos[0], err)}
	}
	fmt.Fprintf(stdout, "%s: ok, signed by %s\n", pos[0], *key)
	return nil
}
