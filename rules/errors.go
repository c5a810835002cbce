package rules

import "errors"

// Sentinel errors. Errors returned by this package wrap one of them, so
// callers can tell kinds apart with errors.Is.
var (
	// ErrSyntax is a condition or output template that does not parse.
	ErrSyntax = errors.New("rules: syntax error")
	// ErrCompile is a condition that parses but does not compile: an
	// unknown field, macro or list, a wrong operator for a field's type,
	// a bad value.
	ErrCompile = errors.New("rules: compile error")
	// ErrLoad is a rules file that could not be loaded; the Diagnostics
	// say why and where.
	ErrLoad = errors.New("rules: load error")
	// ErrPriority is a priority name that is not one of Falco's.
	ErrPriority = errors.New("rules: bad priority")
	// ErrNoValues means an evaluator was asked for without a fields.Source
	// (validation mode).
	ErrNoValues = errors.New("rules: compiled without a field source")
	// ErrEvaluate is an event whose evaluation failed: a field extractor
	// panicked. The event's remaining rules were not evaluated.
	ErrEvaluate = errors.New("rules: evaluation failed")
)
