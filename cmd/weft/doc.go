// Command weft is the headless Weft runner and the browser face of Weft
// Studio.
//
//	weft run FLOW.json|BUNDLE.weft [flags]
//	    run a flow (a bundle's only flow, or --flow ID); debug nodes print NDJSON on stdout
//	weft serve --bundles DIR|--cluster URL|FILE [flags]
//	    run every bundle of a folder; hot-deploy the ones copied in, replaced or removed; --cluster shares the work over NATS JetStream
//	weft validate FLOW.json|BUNDLE.weft...
//	    print every problem of each flow
//	weft map MAPPING.json [flags]
//	    map records (stdin to stdout NDJSON by default)
//	weft preview MAPPING.json --input FILE [flags]
//	    print a mapping's preview as JSON
//	weft test FLOW.json|BUNDLE.weft|MAPPING.json... [flags]
//	    run mapping test cases
//	weft bundle FLOW.json... --name NAME --version VERSION -o FILE.weft [flags]
//	    build a deterministic bundle (see docs/bundle-format.md)
//	weft inspect FILE.weft [flags]
//	    print a bundle's manifest, requirements and signature state
//	weft keygen -o PREFIX
//	    write a signing key pair PREFIX.key (0600) and PREFIX.pub
//	weft sign FILE.weft --key KEYFILE [flags]
//	    add or replace a bundle's signature
//	weft verify FILE.weft --key PUBFILE
//	    check a bundle's checksums and signature
//	weft diff A B
//	    what changed between two bundles or flow files
//	weft deploy FILE.weft...|--list --cluster URL|FILE [flags]
//	    change the bundle set every weft serve --cluster runner serves
//	weft deadletters list|show ID|replay ID...|--all|purge ID...|--all [flags]
//	    inspect, replay or drop the messages whose work kept failing
//	weft studio [flags]
//	    serve Weft Studio to a browser
//	weft audit verify|export [flags]
//	    check or export Studio's hash-chained audit trail
//	weft version
//	    print the version
//
// `weft COMMAND --help` prints a command's usage and flags. This comment is
// written by `go test ./cmd/weft -run TestDocGo -update` from the commands'
// own usage.
//
// It builds with CGO_ENABLED=0 and never imports Wails or GUI libraries.
package main
