//go:build linux

package corpus_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/probe/probetest"
	"github.com/peregrine-sec/peregrine/record"
	"github.com/peregrine-sec/peregrine/replay/regress"
	"github.com/peregrine-sec/peregrine/rules"
)

// liveCases are re-recorded on the running kernel by TestLiveRecording:
// file, process, network (a reverse shell's sockets and dups) and a
// container reached through podman, conmon and runc.
var liveCases = []struct {
	name    string
	needs   []string // commands the scenario runs, besides coreutils
	podman  bool
	timeout time.Duration
}{
	{"sensitive-file-read/cat-shadow", nil, false, 20 * time.Second},
	{"non-device-file-in-dev/touch-in-dev", nil, false, 20 * time.Second},
	{"reverse-shell/bash-dev-tcp", []string{"bash", "busybox"}, false, 20 * time.Second},
	{"network-tool-in-container/ping-from-shell", nil, true, 60 * time.Second},
}

// TestLiveRecording re-records some scenarios with the recorder as
// `make corpus` does (the scenario and what it starts, followed in the
// kernel) and replays each new capture with the default rules against the
// case's expectations: a change to the probe, the recorder or the
// analyzer that breaks detection fails here, not only at the next
// `make corpus`.
func TestLiveRecording(t *testing.T) {
	probetest.RequireProbe(t)
	for _, lc := range liveCases {
		t.Run(lc.name, func(t *testing.T) {
			t.Parallel()
			if lc.podman {
				probetest.RequirePodman(t)
			}
			for _, n := range lc.needs {
				if _, err := exec.LookPath(n); err != nil {
					probetest.Unavailable(t, n+" is not installed (the scenario runs it)")
				}
			}
			c, err := regress.LoadCase(lc.name)
			if err != nil {
				t.Fatal(err)
			}
			// The case with a new capture, in a temporary folder.
			dir := t.TempDir()
			data, err := os.ReadFile(filepath.Join(c.Dir, regress.CaseFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, regress.CaseFile), data, 0o644); err != nil {
				t.Fatal(err)
			}
			abs, err := filepath.Abs(c.Dir)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			cmd := exec.Command("./" + c.Scenario)
			cmd.Dir = abs
			cmd.Stdout, cmd.Stderr = &out, &out
			ctx, cancel := context.WithTimeout(context.Background(), lc.timeout)
			defer cancel()
			if _, err := record.Run(ctx, &record.Options{Output: filepath.Join(dir, "capture.pgr"), Command: cmd, NoEnv: true}); err != nil {
				t.Fatalf("record %s: %v\n%s", c.Scenario, err, &out)
			}
			if ctx.Err() != nil {
				t.Fatalf("the scenario did not finish in %s\n%s", lc.timeout, &out)
			}
			if code := cmd.ProcessState.ExitCode(); code != 0 {
				t.Fatalf("%s exited %d\n%s", c.Scenario, code, &out)
			}
			live, err := regress.LoadCase(dir)
			if err != nil {
				t.Fatal(err)
			}
			live.Name = c.Name + " (re-recorded)"
			results, err := regress.Run(context.Background(), []*regress.Case{live}, &regress.Options{Defaults: rules.DefaultFiles()})
			if err != nil {
				t.Fatal(err)
			}
			if !results[0].Passed() {
				var b bytes.Buffer
				regress.WriteText(&b, results, false)
				t.Errorf("the re-recorded scenario does not raise what the case expects:\n%s", &b)
			}
		})
	}
}
