// Package output formats alerts as Falco prints them and delivers them to
// sinks: a writer (stdout), a file, syslog, a program's stdin and an HTTP
// endpoint. It also renders the end-of-run summary (events detected, rule
// counts by severity, triggered rules by name).
//
// It is a leaf: it knows nothing of captures, state or rules. Its Alert is a
// plain record the caller fills from whatever raised it (a rule match in
// replay, a drop record, a regression test), so the analyzer core never
// imports it and it never imports the analyzer; cmd/peregrine wires the two.
//
// It is not the configuration file (replay/config) and not the rules engine:
// the message of an alert is rendered before it gets here.
package output
