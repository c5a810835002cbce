//go:build linux

package probe

import (
	"errors"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

func TestSyscallTable(t *testing.T) {
	spec, err := loadBpf()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arches {
		t.Run(a.Name, func(t *testing.T) {
			seen := map[int]string{}
			for _, s := range a.Syscalls() {
				nr := a.NR(s)
				if nr < 0 || nr >= 512 {
					t.Errorf("%s: number %d outside the tail-call table", s.Name, nr)
				}
				if other, dup := seen[nr]; dup {
					t.Errorf("%s and %s share number %d", s.Name, other, nr)
				}
				seen[nr] = s.Name
				if spec.Programs[s.Prog] == nil {
					t.Errorf("%s: program %s is not in the BPF object", s.Name, s.Prog)
				}
				if s.Event == format.EvUnknown || s.Event.Info().Category&format.CatSyscall == 0 {
					t.Errorf("%s: event %s is not a syscall event", s.Name, s.Event)
				}
				if got := a.ByNR(nr); got != s {
					t.Errorf("ByNR(%d) = %v, want %s", nr, got, s.Name)
				}
			}
		})
	}
	if n := len(ArchByName("amd64").Syscalls()); n != len(syscalls) {
		t.Errorf("amd64 has %d syscalls, the table %d: every syscall exists on x86_64", n, len(syscalls))
	}
	if ArchByName("riscv64") != nil {
		t.Error("riscv64 has no table")
	}
}

func TestSelect(t *testing.T) {
	a := ArchByName("amd64")
	all := len(a.Syscalls())
	tests := []struct {
		name             string
		include, exclude []string
		want             int
		wantErr          bool
	}{
		{"all", nil, nil, all, false},
		{"by kernel name", []string{"openat", "execve"}, nil, 2, false},
		{"by event name", []string{"pread"}, nil, 1, false},
		{"exclude", nil, []string{"read", "write"}, all - 2, false},
		{"include and exclude", []string{"read", "write"}, []string{"write"}, 1, false},
		{"lifecycle names are accepted", []string{"exit_group", "open"}, nil, 1, false},
		{"spaces", []string{" open "}, nil, 1, false},
		{"unknown", []string{"frobnicate"}, nil, 0, true},
		{"unknown exclude", nil, []string{"getpid"}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.Select(tc.include, tc.exclude)
			var ue *UnknownSyscallError
			if tc.wantErr {
				if !errors.As(err, &ue) {
					t.Fatalf("Select: %v, want an UnknownSyscallError", err)
				}
				return
			}
			if err != nil || len(got) != tc.want {
				t.Fatalf("Select = %d syscalls, %v; want %d", len(got), err, tc.want)
			}
		})
	}
	// arm64 lacks the legacy syscalls.
	if _, err := ArchByName("arm64").Select([]string{"open"}, nil); err == nil {
		t.Error("arm64 selected open, which it does not have")
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{{BufferSize: 1000}, {BufferSize: 64 << 10}, {BufferSize: 2 << 30}, {Snaplen: -1}, {Snaplen: MaxSnaplen + 1}} {
		if o.validate() == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	for _, o := range []Options{{}, {BufferSize: 8 << 20, Snaplen: 80}} {
		if err := o.validate(); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
}
