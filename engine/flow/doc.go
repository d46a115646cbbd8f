// Package flow is the flow model: the Flow, Node and Edge types, the
// versioned file format with its migrations and canonical encoding, change
// summaries for history, the Problem type validation reports, and
// subflows: reusable definitions a flow carries and ExpandSubflows inlines
// before validation and compilation, so the runtime never sees them.
//
// A flow file is JSON (see docs/flow-format.md). Decode accepts every
// format version from 1 to FormatVersion, upgrading older files through one
// explicit migration per version step; Encode always writes the current
// version in a canonical form: fixed key order, sorted map keys, two-space
// indent, layout last with one line per node position, so that a moved node
// is a one-line diff and Encode(Decode(Encode(f))) == Encode(f).
//
// flow is the bottom of the engine: it imports the standard library only,
// and must never import other engine packages, app/, connectors/ or Wails.
package flow
