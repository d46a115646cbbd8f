// Package usage keeps what flows used over time — runs, messages, bytes,
// errors and durations, per flow and per node — in a bucket of Studio's
// bbolt file, and prices it.
//
// # Basics
//
// Add takes a finished run record and adds its counts, in one
// transaction, to the minute, hour and day it ended in: the coarser
// series are kept as the data is written, so reading a month is reading
// thirty day points. Minute points older than two days and hour points
// older than ninety days are dropped as new runs arrive (retention); day
// points are kept. Prices turns counts into a cost (per run, per message,
// per GB) and says how much of a monthly budget is spent.
//
// # Caveats
//
// A run record holds copies of the first messages of each node only, so
// Bytes is estimated: the mean JSON size of a node's sampled output times
// the messages it sent.
//
// This package imports engine/runtime and bbolt; it must never import
// app/ or connectors/.
package usage
