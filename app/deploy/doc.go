// Package deploy runs every bundle of a folder and keeps them current, for
// `weft serve`: a new .weft file starts, a replaced one is swapped in once
// its replacement has validated and is listening, a removed one drains and
// stops.
//
// A Deployer owns one Version per bundle file. Each version has its own
// webhook listener; the Deployer's Handler routes each request to the
// current version serving its path. A swap starts the new version beside
// the old one, waits until every webhook of the new version listens, then
// switches the routes in one step; the old version finishes the requests
// it already took before its runs are stopped (with the runtime's
// graceful drain). A bundle that fails to load, validate or start is
// refused with a log line naming the file and the reason, and the version
// that was serving keeps serving.
//
// Files are watched with fsnotify; events on one file are coalesced over a
// short settle time, so a bundle being copied in is read once it is
// complete (writing it elsewhere and renaming it in is safer still).
//
// This package never imports Wails or package main; the runner passes in
// what is host-specific (signature and credential checks, run options).
package deploy
