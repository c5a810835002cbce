package probe

// Regenerate the probe with `make generate` (clang-16, llvm-16, bpftool and
// libbpf-dev from Debian; see docs/record.md). vmlinux.h is dumped from the
// running kernel's BTF when missing; CO-RE relocates the object to whatever
// kernel loads it, so the kernel it was generated on does not matter.
//go:generate sh -c "test -s bpf/vmlinux.h || bpftool btf dump file /sys/kernel/btf/vmlinux format c > bpf/vmlinux.h"
//go:generate go tool bpf2go -cc clang-16 -strip llvm-strip-16 -cflags "-O2 -g -Wall -Werror" -target amd64,arm64 -go-package probe -type event_header -type blob_header -type proc_info -type sock_info -type file_info -type fd_pair -type counters -type record_kind -type blob_tag -type file_flag -type exe_flag bpf bpf/probe.c -- -I./bpf
//go:generate go tool bpf2go -cc clang-16 -strip llvm-strip-16 -cflags "-O2 -g -Wall -Werror" -target amd64,arm64 -go-package probe empty bpf/empty.c -- -I./bpf
