// Package regress runs rule regression over a corpus of captures: each case
// is a folder with a capture (recorded by Peregrine or by sysdig/Falco), the
// scenario script that produced it, and the alerts the rules are expected to
// raise on it. `peregrine test` is its command-line face; docs/corpus.md
// describes the case format.
//
// It is not a test framework for Peregrine itself: it answers, for a team
// that writes rules, whether its rules still catch what they were written
// for and stay quiet on normal work.
package regress
