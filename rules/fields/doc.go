// Package fields is the catalogue of filter fields (evt.type, proc.name,
// fd.name, ...): their names, types, arguments and descriptions. The rules
// compiler checks conditions and outputs against it; the analyzer (replay)
// supplies the values, binding each field once at compile time through a
// Source, and returns them as Values (or, through a TypedSource, as bare
// strings and numbers, which are cheaper to hand over).
//
// It is a data table, not code: docs/fields.md and `peregrine fields` are
// generated from it (Catalogue.WriteMarkdown), and a test fails when the
// document is stale. Default holds Peregrine's fields: every field of the
// upstream Falco rule files, with Falco's names, types and meanings.
//
// It is not where values are computed: extraction from process, fd and
// container state is the analyzer's work (package replay). It imports
// nothing of Peregrine's and builds on any OS.
package fields
