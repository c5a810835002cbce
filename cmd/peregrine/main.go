// Command peregrine records security-relevant syscalls on a host and replays
// captures through Falco-compatible rules. See docs/cli.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

// Exit codes, documented in docs/cli.md.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitMismatch    = 3
	exitInterrupted = 130
)

// env is what a subcommand gets: its arguments and where to write.
type env struct {
	args   []string
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env) error
}

// commandTable lists the subcommands in the order help prints them.
func commandTable() []command {
	return []command{
		{"record", "record syscalls on this host into capture files (root)", runRecord},
		{"replay", "run rules over capture files and print alerts", runReplay},
		{"dump", "list the events of a capture, optionally filtered", runDump},
		{"inspect", "show a capture file's header, contents and integrity", runInspect},
		{"rules", "validate, list and describe rule files", runRules},
		{"fields", "list the filter fields rules can use", runFields},
		{"test", "run rule regression over a corpus of captures", runTest},
		{"convert", "convert a sysdig/Falco .scap capture into a Peregrine capture", runConvert},
		{"version", "print the version", runVersion},
		{"help", "show help for a command", runHelp},
	}
}

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitCodeError carries a specific exit status (e.g. 3 for a rule-regression
// mismatch) with its message, which may be empty.
type exitCodeError struct {
	code int
	err  error
}

func (e *exitCodeError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitCodeError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		return exitOK
	}
	if args[0] == "--version" {
		args = []string{"version"}
	}
	cmd := findCommand(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "peregrine: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	err := cmd.run(ctx, &env{args: args[1:], stdout: stdout, stderr: stderr})
	return exitCode(err, ctx, cmd.name, stderr)
}

// exitCode maps an error to the process exit status, printing it once.
func exitCode(err error, ctx context.Context, name string, stderr io.Writer) int {
	var ce *exitCodeError
	var ue *usageError
	switch {
	case err == nil:
		if ctx.Err() != nil {
			return exitInterrupted
		}
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &ce):
		if ce.err != nil {
			fmt.Fprintf(stderr, "peregrine %s: %v\n", name, ce.err)
		}
		return ce.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "peregrine %s: %v\n", name, err)
		fmt.Fprintf(stderr, "Run 'peregrine help %s' for usage.\n", name)
		return exitUsage
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "peregrine %s: %v\n", name, err)
		return exitError
	}
}

func findCommand(name string) *command {
	for _, c := range commandTable() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "Peregrine %s: a syscall flight recorder and replay analyzer.\n\n", version)
	fmt.Fprintf(w, "Usage: peregrine COMMAND [OPTIONS] [ARGS]\n\nCommands:\n")
	for _, c := range commandTable() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'peregrine help COMMAND' or 'peregrine COMMAND --help' for a command's options.\n")
}

// newFlags returns a flag set for a subcommand whose --help prints usage
// (the synopsis line) and the flags.
func newFlags(e *env, name, synopsis string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: peregrine %s\n", strings.TrimRight(synopsis, "\n"))
		if fs.HasFlags() {
			fmt.Fprintf(e.stderr, "\nOptions:\n%s", fs.FlagUsages())
		}
	}
	return fs
}

// parseFlags parses e.args into fs, turning flag errors into usage errors.
func parseFlags(fs *pflag.FlagSet, e *env) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(e.args)
	fs.SetOutput(e.stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return err // pflag has printed the usage
	}
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

func runHelp(ctx context.Context, e *env) error {
	if len(e.args) == 0 {
		printUsage(e.stdout)
		return nil
	}
	cmd := findCommand(e.args[0])
	if cmd == nil || cmd.name == "help" {
		return usagef("unknown command %q", e.args[0])
	}
	return cmd.run(ctx, &env{args: []string{"--help"}, stdout: e.stdout, stderr: e.stdout})
}
