// Package probe is Peregrine's eBPF probe and its loader: CO-RE programs on
// the raw sys_exit tracepoint (one per syscall, reached through a tail-call
// table) and on sched_process_exec/fork/exit, a ring buffer read in
// batches, and per-CPU drop counters.
//
// Load checks the host (privileges, kernel BTF, tracefs), loads and attaches
// the programs and returns a Probe whose Read hands out raw Records: the
// header the kernel wrote (arguments from pt_regs, return value, ids) and
// tagged blobs (strings, socket and file facts, process context). Values
// are the kernel's, not Falco's portable encoding; turning records into
// format.Events is the recorder's job (package record).
//
// The syscall table (Arch, Syscall) says which syscalls can be recorded,
// their numbers on amd64 and arm64, the event type their records become and
// the BPF program that fills them. It is plain data and builds anywhere;
// loading needs Linux.
//
// The BPF objects are generated from bpf/probe.c by bpf2go and committed,
// so building needs no clang; `make generate` regenerates them (see
// docs/record.md).
//
// It is not the recorder: it does not snapshot /proc, convert values or
// write files.
package probe
