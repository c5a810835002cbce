//go:build linux

// Package probetest is the one gate for tests that need the real kernel:
// root, eBPF, kernel BTF, tracefs, and for some podman. Where the machine
// cannot run them the tests skip and say why; when PEREGRINE_CI=1 (CI, which
// runs as root on a machine that can) they fail instead, so a broken
// environment never passes silently.
package probetest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/probe"
)

// CI reports whether the environment promises to run privileged tests.
func CI() bool { return os.Getenv("PEREGRINE_CI") == "1" }

// Unavailable skips t with reason, or fails it under CI.
func Unavailable(t testing.TB, reason string) {
	t.Helper()
	if CI() {
		t.Fatalf("PEREGRINE_CI=1 but %s", reason)
	}
	t.Skip(reason)
}

// RequireProbe skips (or under CI fails) t unless this process can load the
// probe: root or CAP_BPF+CAP_PERFMON, kernel BTF, tracefs.
func RequireProbe(t testing.TB) {
	t.Helper()
	if testing.Short() && !CI() {
		t.Skip("kernel test skipped in -short mode")
	}
	if err := probe.Check(); err != nil {
		Unavailable(t, err.Error())
	}
}

// Image is the container image the tests run (see
// /work/shared/containers/README.md: a busybox image built from local files).
const Image = "localhost/bars-test:1"

// RequirePodman skips (or under CI fails) t unless podman and Image are
// installed.
func RequirePodman(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("podman")
	if err != nil {
		Unavailable(t, "podman is not installed (run /work/shared/containers/setup.sh)")
	}
	if out, err := exec.Command(path, "image", "exists", Image).CombinedOutput(); err != nil {
		Unavailable(t, "podman image "+Image+" is missing (run /work/shared/containers/setup.sh): "+strings.TrimSpace(string(out)))
	}
	return path
}
