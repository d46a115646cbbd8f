// Package runner is what the headless runner does, apart from reading its
// command line: load and check the flow or bundle to run (load.go), gather
// credentials from the environment, an env file and a secrets folder
// (credentials.go), keep accepted trigger messages in a spool until their
// work ends (spool.go), serve and reach the spool's dead letters over HTTP
// (deadletters.go, remote.go), serve webhooks and the ops endpoints
// (ops.go, listen.go), and run one flow (run.go, `weft run`) or every
// bundle of a folder through app/deploy (serve.go, `weft serve`), with
// --cluster on NATS JetStream through app/cluster (cluster.go: the
// cluster's streams instead of the spool, its schedule lease, its bundle
// set mirrored into a folder, `weft deploy`).
//
// cmd/weft parses flags into a Settings value and an Env and calls Run or
// Serve; everything those do lives here, so another front end (a test, a
// cluster worker) can run flows the same way.
//
// Errors that are the caller's wrong arguments wrap ErrUsage (the runner
// exits 2 for them); every other error is a failure to report (exit 1).
//
// This package never imports Wails or package main, and reaches connectors
// only through the registry it is given, package app's Host and
// app/cluster.
package runner
