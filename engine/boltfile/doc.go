// Package boltfile opens the bbolt files Weft keeps (Studio's data file,
// the runner's state file and spool) the one way they all need: create
// the directory (0700), open the file (0600) waiting at most a lock
// timeout for another process that holds it, tell a file that is not a
// bbolt one apart, and check or set up its schema in one transaction,
// closing the file again when that fails.
//
// Caveats: bbolt locks a file for the whole process that opens it, so a
// second Open of the same path in one process waits for the timeout too.
//
// This package imports bbolt and the standard library only.
package boltfile
