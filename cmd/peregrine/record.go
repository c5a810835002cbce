//go:build linux

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/peregrine-sec/peregrine/record"
)

func runRecord(ctx context.Context, e *env) error {
	fs := newFlags(e, "record", `record -o FILE [OPTIONS] [-- COMMAND [ARGS...]]

Records the host's syscalls into FILE until Ctrl+C, SIGTERM or --duration.
With a COMMAND, runs it and records only it and its descendants, stopping
when it exits, and exits with its exit status; with --pid, records only
that process and its descendants, stopping when it exits.`)
	out := fs.StringP("output", "o", "", "capture `FILE` (with rotation: the base name of the set)")
	duration := fs.Duration("duration", 0, "stop after this long (e.g. 30s, 10m); default: until Ctrl+C or SIGTERM")
	rotateSize := fs.String("rotate-size", "", "start a new file when the current one reaches this `SIZE` (e.g. 100M)")
	rotateTime := fs.Duration("rotate-time", 0, "start a new file when the current one is this old (e.g. 1h)")
	maxFiles := fs.Int("max-files", 0, "keep at most `N` files, deleting the oldest")
	maxTotal := fs.String("max-total-size", "", "keep the files within this total `SIZE`, deleting the oldest")
	syscalls := fs.StringSlice("syscalls", nil, "record only these syscalls (`LIST`, comma-separated kernel or Falco names)")
	exclude := fs.StringSlice("exclude-syscalls", nil, "do not record these syscalls (`LIST`)")
	snaplen := fs.Int("snaplen", 0, "keep up to `N` bytes of read/write/send/recv payloads (0 to 16384)")
	noEnv := fs.Bool("no-env", false, "leave process environments out")
	containerOnly := fs.Bool("container-only", false, "record only processes in containers")
	level := fs.Int("level", 0, "compression level `L`: 1 fastest (default) ... 4 smallest")
	bufferSize := fs.String("buffer-size", "", "kernel ring buffer `SIZE`, a power of two (default 16M)")
	socket := fs.String("container-socket", "", "container engine API `SOCKET` (default: /var/run/docker.sock, then /run/podman/podman.sock)")
	pid := fs.Int("pid", 0, "record only process `PID` and its descendants, until it exits")
	quiet := fs.BoolP("quiet", "q", false, "no status line and no summary")
	emptyHook := fs.Bool("empty-hook", false, "attach an empty sys_exit hook and record nothing (load benchmark baseline)")
	_ = fs.MarkHidden("empty-hook")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the recorder to `FILE` (for developers)")
	_ = fs.MarkHidden("cpuprofile")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	var command []string
	if fs.NArg() != 0 {
		if fs.ArgsLenAtDash() != 0 {
			return usagef("unexpected argument %q (the output file goes with -o; a command to record goes after --)", fs.Arg(0))
		}
		command = fs.Args()
	}
	if len(command) > 0 && *pid != 0 {
		return usagef("--pid and a command: give one (--pid follows a running process, a command is started and followed)")
	}
	if *pid < 0 {
		return usagef("--pid %d: want a process id", *pid)
	}
	if *emptyHook {
		if *duration > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, *duration)
			defer cancel()
		}
		ready := func() {
			if !*quiet {
				fmt.Fprintln(e.stderr, "peregrine record: empty sys_exit hook attached")
			}
		}
		if err := record.EmptyHook(ctx, ready); err != nil {
			return err
		}
		return &exitCodeError{code: exitOK}
	}
	if *out == "" {
		return usagef("no output file: give -o FILE")
	}
	opts := &record.Options{
		Output: *out, Duration: *duration, RotateTime: *rotateTime, MaxFiles: *maxFiles,
		Syscalls: *syscalls, ExcludeSyscalls: *exclude, Snaplen: *snaplen, NoEnv: *noEnv,
		ContainerOnly: *containerOnly, Level: *level, ContainerSocket: *socket,
		Recorder: "peregrine " + version, FollowPID: *pid,
	}
	if len(command) > 0 {
		cmd := exec.Command(command[0], command[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, e.stdout, e.stderr
		opts.Command = cmd
	}
	var err error
	if opts.RotateSize, err = parseSize("--rotate-size", *rotateSize); err != nil {
		return err
	}
	if opts.MaxTotalSize, err = parseSize("--max-total-size", *maxTotal); err != nil {
		return err
	}
	buf, err := parseSize("--buffer-size", *bufferSize)
	if err != nil {
		return err
	}
	opts.BufferSize = int(buf)
	switch {
	case *snaplen < 0 || *snaplen > 16384:
		return usagef("--snaplen %d: want 0 to 16384", *snaplen)
	case *level < 0 || *level > 4:
		return usagef("--level %d: want 1 to 4", *level)
	case *maxFiles < 0:
		return usagef("--max-files %d: want a positive number", *maxFiles)
	case *duration < 0 || *rotateTime < 0:
		return usagef("durations must be positive")
	case buf != 0 && buf&(buf-1) != 0:
		return usagef("--buffer-size %s: want a power of two (e.g. 8M, 16M, 64M)", *bufferSize)
	}

	// The command's output goes to the terminal: no status line over it.
	status := !*quiet && isTerminal(e.stderr) && opts.Command == nil
	if status {
		opts.Status = func(s record.Stats) {
			fmt.Fprintf(e.stderr, "\r\x1b[K%s  %s ev/s  %s events  %d dropped  %s written%s",
				s.Elapsed.Truncate(time.Second), groupDigits(int64(s.Rate)), groupDigits(s.Events), s.Drops, humanSize(s.Bytes), ratio(s, "  ratio %.1fx"))
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := record.Run(ctx, opts)
	if status {
		fmt.Fprint(e.stderr, "\r\x1b[K")
	}
	if !*quiet && (err == nil || st.Events > 0) {
		printRecordSummary(e.stderr, st)
	}
	if err != nil {
		return err
	}
	if opts.Command != nil && opts.Command.ProcessState != nil {
		return &exitCodeError{code: commandStatus(opts.Command.ProcessState)}
	}
	// Ctrl+C and SIGTERM are how a recording normally ends.
	return &exitCodeError{code: exitOK}
}

// commandStatus is the exit status a shell would report for a command:
// its exit code, or 128 + the signal that killed it.
func commandStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

func printRecordSummary(w io.Writer, s record.Stats) {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Events) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(w, "peregrine record: %s events in %s (%s/s), %d dropped, %s written%s\n",
		groupDigits(s.Events), s.Elapsed.Round(time.Millisecond), groupDigits(int64(rate)), s.Drops, humanSize(s.Bytes), ratio(s, " (compression %.1fx)"))
	cpu := fmt.Sprintf("recorder CPU time %s", s.CPU.Round(time.Millisecond))
	// Per million events only means something once the start-up cost (the
	// /proc snapshot, loading the probe) is spread over enough events.
	if s.Events >= 100_000 {
		cpu += fmt.Sprintf(" (%s per million events)", (s.CPU * 1e6 / time.Duration(s.Events)).Round(time.Millisecond))
	}
	fmt.Fprintln(w, cpu)
	if s.Unfollowed > 0 {
		fmt.Fprintf(w, "warning: %d processes of the followed tree were not recorded (too many followed at once)\n", s.Unfollowed)
	}
	if s.LateContainers > 0 {
		fmt.Fprintf(w, "note: the container engine described %d container(s) only after their first events (those have no container name or image)\n", s.LateContainers)
	}
	for _, f := range s.Files {
		fmt.Fprintf(w, "  %s\n", f)
	}
}

// ratio formats the compression ratio, or nothing when it is not known
// (a rotated set counts only file sizes).
func ratio(s record.Stats, format string) string {
	if s.RawBytes == 0 || s.Bytes == 0 {
		return ""
	}
	return fmt.Sprintf(format, s.Ratio())
}

// parseSize parses a byte count with an optional K, M, G or T suffix
// (powers of 1024; "KiB", "MB" and the like are accepted too).
func parseSize(flag, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult, t = 1<<10, t[:n-1]
		case 'M':
			mult, t = 1<<20, t[:n-1]
		case 'G':
			mult, t = 1<<30, t[:n-1]
		case 'T':
			mult, t = 1<<40, t[:n-1]
		}
	}
	v, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || v < 0 || v > (1<<62)/mult {
		return 0, usagef("%s %q: want a size such as 512K, 100M or 2G", flag, s)
	}
	return v * mult, nil
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
