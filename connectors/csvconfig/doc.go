// Package csvconfig holds the CSV settings the file and format families
// both offer: their spec fields and how a config becomes
// format.CSVOptions, so that the two never describe CSV differently.
//
// It is not a connector family (it registers nothing); it imports engine
// packages only, and connector families may import it.
package csvconfig
