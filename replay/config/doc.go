// Package config reads peregrine.yaml, Peregrine's configuration file. It
// takes Falco's falco.yaml keys (rules_files, priority, rule_matching, the
// rules enable/disable list, json_output, time_format_iso_8601, the
// *_output blocks, ...) so a Falco user's configuration and habits carry
// over, and Falco's `-o key=value` override syntax (dotted keys, [N] and []
// for list items), config_files includes and ${VAR} expansion as Falco
// does them. docs/outputs.md describes every key.
//
// Errors name the file (or the -o option), line, column and key. Unknown
// keys are warnings, as in Falco; Falco keys that mean nothing to a replay
// (engine, plugins, webserver, ...) are accepted and listed as ignored.
//
// It is not the rules engine or the outputs: it turns text into a Config,
// and cmd/peregrine builds the engine options and sinks from it.
package config
