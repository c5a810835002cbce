package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the YAML loader and the compiler: any
// input must give a Set and diagnostics, never a panic or a hang. The
// seeds are the diagnostics test files and the default rules.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "diag", "*.yaml"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	for _, df := range DefaultFiles() {
		f.Add(df.Data)
	}
	f.Add([]byte("- macro: m\n  condition: proc.name in (l)\n- list: l\n  items: [a, \"b c\", 'd']\n- rule: r\n  desc: d\n  condition: m and evt.type = open\n  output: \"%proc.name %fd.name[1]\"\n  priority: info\n  exceptions:\n    - name: e\n      fields: [proc.name, fd.name]\n      comps: [in, pmatch]\n      values: [[[a, b], /tmp]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, diags := Load(File{Name: "fuzz.yaml", Data: data})
		if set == nil {
			t.Fatal("Load returned no set")
		}
		eng, d2 := Compile(set, testOptions())
		diags = append(diags, d2...)
		for _, d := range diags {
			_ = d.String()
		}
		if eng != nil {
			ev := eng.NewEvaluator()
			for i := range testTypes[:8] {
				ev.Eval(i, mkEvent(t, "proc.name", "a", "fd.name", "/tmp/x"))
			}
			for _, r := range eng.Rules() {
				_ = r.Expanded()
				_ = r.FormatOutput(mkEvent(t), nil)
			}
		}
	})
}
