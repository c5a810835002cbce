// Package difftest holds the differential test of the .scap import against
// libsinsp: for every fixture in format/scap/testdata it runs
//
//	peregrine dump FIXTURE -p "$(cat testdata/format.txt)" "evt.dir=<"
//
// with a peregrine binary built from this tree, and compares the output
// field by field with what sysdig 0.29.3 printed for the same command
// (testdata/golden, made by `make golden`, so the test needs no sysdig).
// The few accepted differences are listed in exceptions, each with its
// reason.
//
// It is a test and nothing imports it.
package difftest
