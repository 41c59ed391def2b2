//go:build race

package store_test

// raceEnabled is set when the race detector slows everything down, so timing
// targets are not checked.
const raceEnabled = true
