// Package jsast walks goja's JavaScript syntax trees: every node below a
// node, the identifiers among them (property names excluded), and the
// names declarations bind. The script compiler (engine/script) and the
// native mapping compiler (engine/mapping/expr) read snippets with it.
package jsast
