package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/audit"
)

const auditUsage = `Usage: weft audit verify|export [--db FILE] [--ndjson FILE] [--json]
  weft audit verify [--db FILE | --ndjson FILE] [--json]
  weft audit export [--db FILE]

verify checks the hash chain of Weft Studio's audit trail, in its data file
(default $WEFT_DATA or the user config dir) or in an NDJSON export, and
names every entry that was edited, removed or inserted; it exits 1 then.
export writes the trail as NDJSON on stdout, oldest entry first.
`

// cmdAudit verifies or exports the audit trail of a Studio data file.
func cmdAudit(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		fmt.Fprint(stderr, auditUsage)
		return &exitError{code: 2}
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, auditUsage) }
	db := fs.String("db", "", "Studio data file (default $WEFT_DATA or the user config dir)")
	ndjson := fs.String("ndjson", "", "verify this NDJSON export instead of a data file")
	asJSON := fs.Bool("json", false, "print the verification report as JSON")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		return &exitError{code: 2}
	}
	if args[0] == "export" {
		return auditExport(*db, stdout)
	}
	report, err := auditReport(*db, *ndjson)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printAuditReport(stdout, report)
	}
	if len(report.Problems) > 0 {
		return &exitError{code: 1, msg: report.Err().Error()}
	}
	return nil
}

func auditReport(db, ndjson string) (audit.Report, error) {
	if ndjson != "" {
		f, err := os.Open(ndjson)
		if err != nil {
			return audit.Report{}, err
		}
		defer f.Close()
		return audit.VerifyNDJSON(f)
	}
	path, err := dataPath(db)
	if err != nil {
		return audit.Report{}, err
	}
	return audit.VerifyFile(path)
}

func printAuditReport(w io.Writer, r audit.Report) {
	for _, p := range r.Problems {
		fmt.Fprintf(w, "entry %d %s\n", p.Seq, p.Reason)
	}
	if len(r.Problems) == 0 {
		fmt.Fprintf(w, "audit trail verified: %d entries, head %s\n", r.Entries, r.Head)
	}
}

func auditExport(db string, stdout io.Writer) error {
	path, err := dataPath(db)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err != nil {
		return err
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("open %s (is Weft Studio running with it?): %w", path, err)
	}
	defer bdb.Close()
	return audit.New(bdb).WriteNDJSON(stdout)
}
