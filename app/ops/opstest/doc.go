// Package opstest reads what the runner's /metrics serves, for tests:
// Samples parses the Prometheus text with the Prometheus project's own
// parser (expfmt) rather than by hand.
//
// Only tests import this package.
package opstest
