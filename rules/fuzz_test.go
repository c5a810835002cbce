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

// FuzzFilterProgram compiles arbitrary conditions as filters and checks, on
// random events built from the values they mention, that the compiled
// filter's expr programs (Match, and MatchType with the event's type) match exactly when a
// direct evaluation of the condition does.
func FuzzFilterProgram(f *testing.F) {
	for _, s := range []string{
		"evt.type in (open, openat) and fd.name startswith /etc",
		"(proc.name in (bash, sh, zsh, curl) and (fd.name contains passwd or proc.cmdline contains google)) or (evt.type=connect and fd.port=443)",
		"not (proc.name = a and fd.name startswith /x) and not (proc.name in (b, c) and fd.num > 2) and not (proc.name = d) and not (proc.name = e and user.name = root) and fd.name != /y",
		"proc.name = a or proc.name = b or proc.name in (c, d) or (proc.name = e and fd.num >= 0) or fd.name glob /proc/*/environ",
		"fd.name startswith anyof (/etc, /usr/bin, /root/.ssh, /dev/sd, /home/) and not fd.name pmatch (/etc/ssl, /tmp)",
		"evt.is_open_write = true and fd.typechar = f and fd.num >= 0 and (fd.directory in (/bin, /sbin) or fd.name endswith .so)",
		"tolower(proc.name) = bash and basename(fd.name) in (passwd, shadow) and fd.ip = 10.0.0.1",
		"proc.aname[2] in (sshd, login) or proc.pname = systemd or evt.rawres < 0 or fd.net = 10.0.0.0/8",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		src := &slotSource{slots: map[string]int{}}
		flt, err := CompileFilter(cond, nil, &Options{Values: src, EventTypes: testTypes})
		if err != nil {
			return
		}
		gen := newEventGen(flt.eng, src, int64(len(cond)))
		for i := 0; i < 50; i++ {
			tn, be := gen.next()
			want := len(refMatches(flt.eng, tn, be)) > 0
			if got := flt.Match(be); got != want {
				t.Fatalf("event %d (%s): Match = %v, direct evaluation %v", i, tn, got, want)
			}
			if got := flt.MatchType(typeIndex(t, tn), be); got != want {
				t.Fatalf("event %d (%s): MatchType = %v, direct evaluation %v", i, tn, got, want)
			}
		}
	})
}
