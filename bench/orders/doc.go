// Package orders is the benchmarks' "orders to ERP" workload written by
// hand: the order record, the ERP record and the mapping between them, as
// bench/mapbench/orders.mapping.json describes it. The hand-written
// baselines of bench/mapbench and bench/runnerbench share it, so both
// measure weft against the same Go.
//
// It imports the standard library only; only the benchmarks import it.
package orders
