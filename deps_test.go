package peregrine_test

// The direction of dependencies between Peregrine's packages (docs/
// architecture.md), checked with `go list` on the product's packages (tests
// excluded). .golangci.yml says the same for depguard.

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/peregrine-sec/peregrine"

type goPackage struct {
	ImportPath string
	Imports    []string // direct, non-test
	Deps       []string // transitive, non-test
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// goList lists the module's packages for a target OS.
func goList(t *testing.T, goos string) map[string]*goPackage {
	t.Helper()
	gobin, err := exec.LookPath("go") // go test puts its GOROOT/bin first in PATH
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	cmd := exec.Command(gobin, "list", "-e", "-json", "./...")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list (GOOS=%s): %v\n%s", goos, err, &stderr)
	}
	pkgs := map[string]*goPackage{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = &p
	}
	return pkgs
}

// under reports whether pkg is dir or below it, for dir relative to the
// module ("format", "probe").
func under(pkg, dir string) bool {
	p := module + "/" + dir
	return pkg == p || strings.HasPrefix(pkg, p+"/")
}

func isPkg(imp, path string) bool { return imp == path || strings.HasPrefix(imp, path+"/") }

func TestDependencyDirection(t *testing.T) {
	pkgs := goList(t, "linux")
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	for _, p := range pkgs {
		portable := under(p.ImportPath, "format") || under(p.ImportPath, "rules") || under(p.ImportPath, "replay")
		for _, d := range p.Deps {
			switch {
			case portable && isPkg(d, "github.com/cilium/ebpf"):
				t.Errorf("%s depends on %s: format, rules and replay must build without eBPF", p.ImportPath, d)
			case portable && isPkg(d, "golang.org/x/sys/unix"):
				t.Errorf("%s depends on %s: format, rules and replay must build on any OS", p.ImportPath, d)
			case portable && isPkg(d, "github.com/spf13/pflag"):
				t.Errorf("%s depends on %s: only cmd parses flags", p.ImportPath, d)
			case under(p.ImportPath, "rules") && (under(d, "format") || under(d, "replay") || under(d, "record") || under(d, "probe")):
				t.Errorf("%s depends on %s: rules works on the field catalogue it is handed", p.ImportPath, d)
			case under(p.ImportPath, "replay") && (under(d, "record") || under(d, "probe")):
				t.Errorf("%s depends on %s: the analyzer must not need the recorder", p.ImportPath, d)
			case p.ImportPath == module+"/format" && strings.HasPrefix(d, module):
				t.Errorf("format depends on %s: format imports nothing of ours", d)
			case under(p.ImportPath, "format/scap") && strings.HasPrefix(d, module) && d != module+"/format" && !under(d, "format/scap"):
				t.Errorf("%s depends on %s: the .scap importer needs only format", p.ImportPath, d)
			}
		}
		for _, imp := range p.Imports {
			switch {
			case isPkg(imp, "github.com/cilium/ebpf") && !under(p.ImportPath, "probe"):
				t.Errorf("%s imports %s: only probe imports cilium/ebpf", p.ImportPath, imp)
			case isPkg(imp, "github.com/spf13/pflag") && !under(p.ImportPath, "cmd"):
				t.Errorf("%s imports %s: only cmd imports pflag", p.ImportPath, imp)
			}
		}
	}
}

// TestPortablePackagesBuildEverywhere checks that format, rules and replay
// (and their dependencies) resolve for macOS and Windows: no package of
// theirs is Linux-only.
func TestPortablePackagesBuildEverywhere(t *testing.T) {
	for _, goos := range []string{"darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			for _, p := range goList(t, goos) {
				if !(under(p.ImportPath, "format") || under(p.ImportPath, "rules") || under(p.ImportPath, "replay")) {
					continue
				}
				if p.Error != nil {
					t.Errorf("%s on %s: %s", p.ImportPath, goos, p.Error.Err)
				}
				for _, e := range p.DepsErrors {
					t.Errorf("%s on %s: %s", p.ImportPath, goos, e.Err)
				}
				for _, d := range p.Deps {
					if isPkg(d, "golang.org/x/sys/unix") || isPkg(d, "github.com/cilium/ebpf") {
						t.Errorf("%s on %s depends on %s", p.ImportPath, goos, d)
					}
				}
			}
		})
	}
}
