package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestParseTimeArg(t *testing.T) {
	start := time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC).UnixNano()
	startFn := func() int64 { return start }
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"", 0, false},
		{"2024-05-06T07:08:09Z", time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC).UnixNano(), false},
		{"2024-05-06T09:08:09.5+02:00", time.Date(2024, 5, 6, 7, 8, 9, 5e8, time.UTC).UnixNano(), false},
		{"+10s", start + 10e9, false},
		{"+1m30s", start + 90e9, false},
		{"+0s", start, false},
		{"1714979289123456789", 1714979289123456789, false},
		{"+-3s", 0, true},
		{"+10", 0, true},
		{"yesterday", 0, true},
		{"2024-05-06", 0, true},
		{"99999999999999999999", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseTimeArg("since", tc.in, startFn)
			if tc.err {
				var ue *usageError
				if !errors.As(err, &ue) {
					t.Fatalf("got %d, %v; want a usage error", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestExpandInputs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.pcap", "a.pcap", "c.scap"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	got, err := expandInputs([]string{filepath.Join(dir, "*.pcap"), "plain", filepath.Join(dir, "c.?cap")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.pcap"), filepath.Join(dir, "b.pcap"), "plain", filepath.Join(dir, "c.scap")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := expandInputs([]string{filepath.Join(dir, "*.none")}); err == nil {
		t.Error("a pattern matching nothing is not an error")
	}
}
