//go:build race

package replay

// raceEnabled says the race detector is on: it allocates on its own.
const raceEnabled = true
