package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// sampleFile writes the sample capture into a temporary directory.
func sampleFile(t *testing.T) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "sample.pgr")
	var out bytes.Buffer
	if err := writeSample(name, &out); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestInspect(t *testing.T) {
	good := sampleFile(t)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(good)
	f, err := format.Open(good)
	if err != nil {
		t.Fatal(err)
	}
	blocks := f.Blocks()
	f.Close()

	truncated := filepath.Join(dir, "truncated.pgr")
	os.WriteFile(truncated, data[:blocks[2].Offset+100], 0o600)
	corrupted := filepath.Join(dir, "corrupted.pgr")
	bad := bytes.Clone(data)
	bad[blocks[1].Offset+200] ^= 0x10
	os.WriteFile(corrupted, bad, 0o600)
	unsealed := filepath.Join(dir, "unsealed.pgr")
	os.WriteFile(unsealed, data[:blocks[3].Offset], 0o600)
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("just some notes"), 0o600)

	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noStdout bool
	}{
		{"intact", []string{good}, 0, []string{"integrity     intact", "events        200004 in 4 blocks (indexed)", "drops         170 events lost (cpu 0: 17, cpu 1: 34, cpu 2: 51, cpu 3: 68)", "read  "}, nil, false},
		{"verify intact", []string{"--verify", good}, 0, []string{"intact"}, nil, false},
		{"truncated", []string{truncated}, 0, []string{"integrity     truncated at block 3 (offset", "no index: scanned"}, nil, false},
		{"verify truncated", []string{"--verify", truncated}, 1, nil, []string{"truncated.pgr: truncated at block 3 (offset " + itoa(blocks[2].Offset) + ")"}, false},
		{"verify corrupted", []string{"--verify", corrupted}, 1, []string{"warning"}, []string{"corrupted.pgr: corrupted at block 2 (offset " + itoa(blocks[1].Offset) + "): format: corrupt data: payload checksum mismatch"}, false},
		{"verify unsealed", []string{"--verify", unsealed}, 1, nil, []string{"unsealed"}, false},
		{"several, one bad", []string{"--verify", good, corrupted}, 1, []string{"sample.pgr", "corrupted.pgr"}, []string{"corrupted at block 2"}, false},
		{"not a capture", []string{text}, 1, nil, []string{"notes.txt: format: not a capture file"}, true},
		{"scap", []string{filepath.Join(scapTestdata, "cat_write.scap")}, 0, []string{"format        scap, source scap", "events        345 in", "snapshot      73 threads, 384 fds, 32 users", "execve  ", "integrity     unverifiable"}, nil, false},
		{"verify scap", []string{"--verify", filepath.Join(scapTestdata, "cat_write.scap")}, 1, nil, []string{"cat_write.scap: unverifiable"}, false},
		{"missing", []string{filepath.Join(dir, "missing.pgr")}, 1, nil, []string{"no such file"}, true},
		{"no file", nil, 2, nil, []string{"no capture file given"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"inspect"}, tc.args...), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, &stdout, &stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, &stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, &stderr)
				}
			}
			if tc.noStdout && stdout.Len() > 0 {
				t.Errorf("stdout: %s", &stdout)
			}
		})
	}
}

func TestInspectJSON(t *testing.T) {
	good := sampleFile(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"inspect", "--json", good, filepath.Join(filepath.Dir(good), "missing.pgr")}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	var reps []inspectReport
	if err := json.Unmarshal(stdout.Bytes(), &reps); err != nil {
		t.Fatalf("%v:\n%s", err, &stdout)
	}
	if len(reps) != 2 {
		t.Fatalf("%d reports", len(reps))
	}
	r := reps[0]
	if r.Integrity.Verdict != format.VerdictIntact || r.Events != 200004 || r.EventsByType["read"] == 0 ||
		r.Drops.Lost != 170 || r.Snapshot.Threads == 0 || r.Blocks != 4 || !r.Indexed || r.BytesPerEvent > 8 ||
		len(r.Integrity.FinalHash) != 64 || r.Integrity.BadBlock != nil {
		t.Errorf("report %+v", r)
	}
	if reps[1].Error == "" {
		t.Errorf("missing file: %+v", reps[1])
	}
}

// TestInspectGolden compares the text output for the sample with
// testdata/inspect.golden (-update rewrites it). The final hash and the
// version are masked: they change with the zstd library and releases.
func TestInspectGolden(t *testing.T) {
	good := sampleFile(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"inspect", good}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	got := strings.ReplaceAll(stdout.String(), good, "sample.pgr")
	got = regexp.MustCompile(`final hash +[0-9a-f]{64}`).ReplaceAllString(got, "final hash    (masked)")
	got = strings.ReplaceAll(got, version, "VERSION")
	golden := filepath.Join("testdata", "inspect.golden")
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (-update rewrites it):\n%s", golden, got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
