//go:build !race

package scap

// raceEnabled says the race detector is on: it allocates on its own.
const raceEnabled = false
