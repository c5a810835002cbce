// Package corpus is Peregrine's rule-regression corpus: one folder per
// case, each with the capture, the scenario that recorded it and the alerts
// the rules must raise on it (docs/corpus.md). `peregrine test corpus`
// runs it; `make corpus` re-records it.
//
// The package holds no code, only the corpus's own tests: that every
// default rule has a case where it fires and a near miss where it must not,
// that weakening or breaking a default rule makes some case fail (the
// mutation test), and that re-recording scenarios live on this kernel
// still raises what the cases expect. It is not the regression runner,
// which is replay/regress.
package corpus
