// Package rules loads Falco-compatible rule files and compiles them into
// fast evaluators.
//
// It reads Falco's YAML (rules, macros, lists, exceptions, append and
// override, several files in order), parses conditions in Falco's filter
// language (the grammar is in parser.go), checks every field against a
// catalogue handed in by the caller (package rules/fields), and compiles
// each rule into an expr program whose leaves are typed Go predicates
// bound to the caller's field extractors. Rules are indexed by event type
// so that an event only meets the rules that can match it, and macros
// shared by many rules are evaluated once per event. Output templates
// (%field) render alerts as Falco prints them.
//
// Loading reports problems as Diagnostics with Falco's codes
// (LOAD_ERR_COMPILE_CONDITION, LOAD_UNUSED_MACRO, ...), each naming the
// file, line, column and item, with a caret snippet.
//
// It is not the analyzer: it knows nothing of capture files, processes or
// file descriptors. Field values come from a fields.Source the caller
// provides (package replay); without one, rules compile in validation mode
// and cannot be evaluated. It builds on any OS.
package rules
