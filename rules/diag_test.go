package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDiagnosticsGolden loads and compiles each testdata/diag/*.yaml and
// compares every diagnostic, as people read them, with NAME.golden
// (-update rewrites them).
func TestDiagnosticsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "diag", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			set, diags := Load(File{Name: filepath.Base(path), Data: data})
			_, d2 := Compile(set, &Options{EventTypes: testTypes})
			diags = append(diags, d2...)
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("took %v: hostile input must fail fast", el)
			}
			diags.Sort()
			var b strings.Builder
			for _, d := range diags {
				fmt.Fprintln(&b, d)
			}
			fmt.Fprintf(&b, "-- %d errors, %d warnings\n", len(diags.Errors()), len(diags.Warnings()))
			got := b.String()
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run %s -update creates it)", err, t.Name())
			}
			if got != string(want) {
				t.Errorf("diagnostics differ from %s (go test -update rewrites it)\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestHostileRules feeds inputs built to exhaust a naive loader; each must
// be refused with an error, fast.
func TestHostileRules(t *testing.T) {
	var huge strings.Builder
	huge.WriteString("- list: huge\n  items: [")
	for i := 0; i < MaxListItems+10; i++ {
		if i > 0 {
			huge.WriteString(", ")
		}
		fmt.Fprintf(&huge, "i%d", i)
	}
	huge.WriteString("]\n")
	deepYAML := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	tests := []struct {
		name, data, want string
	}{
		{"huge list", huge.String(), "more than"},
		{"deep YAML", deepYAML, "LOAD_ERR_YAML"},
		{"big file", "- list: x\n  items: [" + strings.Repeat("a,", MaxFileSize/2) + "a]\n", "larger than"},
		{"NUL in value", "- rule: r\n  desc: d\n  condition: \"proc.name = \\\"a\\x00b\\\"\"\n  output: x\n  priority: debug\n", "NUL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			set, diags := Load(File{Name: "hostile.yaml", Data: []byte(tt.data)})
			if diags.Err() == nil {
				_, d2 := Compile(set, nil)
				diags = append(diags, d2...)
			}
			err := diags.Err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}
