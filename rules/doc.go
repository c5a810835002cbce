// Package rules loads Falco-compatible rule files and compiles them into
// fast evaluators.
//
// It reads Falco's YAML (rules, macros, lists, exceptions, append and
// override, several files in order) with Load or LoadFiles, parses
// conditions in Falco's filter language (the grammar, in EBNF, heads
// parser.go), checks every field against a catalogue handed in by the
// caller (package rules/fields) and compiles the rules with Compile:
//
//   - every comparison becomes a typed Go predicate bound once to the
//     caller's extractor for its field (fields.Source);
//   - the event types each rule can match are derived as Falco derives
//     them, and the rules indexed under each event type are optimised as
//     one tree (program.go, cost.go): evt.type checks folded away, shared
//     conjuncts tested once, set lookups gating groups of rules, checks
//     ordered cheapest and most selective first;
//   - the tree is compiled with github.com/expr-lang/expr into expr
//     programs (exprgen.go), one per event type: expr evaluates the and,
//     or and not of the conditions with short-circuits; the leaves are
//     calls of one typed function, T(int) bool, that runs a comparison, a
//     set lookup or a cached macro, or records a rule that matched. The
//     Evaluator (eval.go) runs the programs on its own virtual machines
//     and caches field values, comparisons and macros per event;
//   - output templates (%field) render alerts as Falco prints them.
//
// An Engine is immutable and safe for concurrent use; each goroutine
// evaluates events with its own Evaluator, which does not allocate.
// CompileFilter compiles a stand-alone condition (replay --filter, dump;
// Filter.MatchType when the event's type is known) and CompileFormat a
// sysdig-style -p format.
//
// Loading and compiling report problems as Diagnostics with Falco's codes
// (LOAD_ERR_COMPILE_CONDITION, LOAD_UNUSED_MACRO, ...), each naming the
// file, line, column and item, with a caret snippet. Rule files are
// untrusted input: sizes, YAML alias expansion, list expansion and
// condition nesting are bounded, and the loader is fuzzed.
//
// It is not the analyzer: it knows nothing of capture files, processes or
// file descriptors. Field values come from a fields.Source the caller
// provides (package replay); without one, rules compile in validation mode
// and cannot be evaluated. A source that is also a fields.TypedSource
// hands strings and numbers without a whole fields.Value, which saves
// about 8 ns per field and event. It builds on any OS. docs/rules.md describes
// the language and how Peregrine differs from Falco.
package rules
