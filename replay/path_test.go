package replay

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

func TestJoinPath(t *testing.T) {
	tests := []struct {
		name, base, p, want string
	}{
		{"absolute ignores base", "/home/a/", "/etc/passwd", "/etc/passwd"},
		{"relative", "/home/a/", "x.txt", "/home/a/x.txt"},
		{"dot", "/home/a/", "./x", "/home/a/x"},
		{"dotdot", "/home/a/", "../b/x", "/home/b/x"},
		{"dotdot at the end", "/home/a/", "b/..", "/home/a"},
		{"dotdot above root", "/", "../../etc", "/etc"},
		{"repeated slashes", "/home/a/", "b//c///d", "/home/a/b/c/d"},
		{"trailing slash dropped", "/", "/var/log/", "/var/log"},
		{"root stays", "/", "/", "/"},
		{"absolute normalised", "", "/tmp/dir1/dir2/../../..///file.txt", "/file.txt"},
		{"dots in names kept", "/", "a/.hidden/..x", "/a/.hidden/..x"},
		{"empty", "/home/a/", "", ""},
		{"unknown dirfd", "<UNKNOWN>", "x", "<UNKNOWN>x"},
		{"too long", "/", "/" + strings.Repeat("a", maxPathSize), pathTooLong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := joinPath(tc.base, tc.p); got != tc.want {
				t.Errorf("joinPath(%q, %q) = %q, want %q", tc.base, tc.p, got, tc.want)
			}
		})
	}
}

// TestCleanAbs: cleanAbs says an absolute path is clean exactly when
// resolving it leaves it as it is.
func TestCleanAbs(t *testing.T) {
	paths := []string{"", "/", "//", "/.", "/..", "/a", "/a/", "/a//b", "/a/./b", "/a/../b", "/a/.b", "/a/..b",
		"/a/b.", "/a/b..", "/.a", "/..a", "/a/.", "/a/..", "a", "./a", "/etc/passwd", "/x/" + strings.Repeat("y", maxPathSize-5),
		"/x/" + strings.Repeat("y", maxPathSize-6), "/x/" + strings.Repeat("y", maxPathSize-4)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b []byte
		for range 1 + rng.IntN(8) {
			b = append(b, "/a.."[rng.IntN(4)])
		}
		paths = append(paths, string(b))
	}
	for _, p := range paths {
		clean := strings.HasPrefix(p, "/") && string(appendResolved(nil, ".", "", p)) == p
		if got := cleanAbs([]byte(p)); got != clean {
			t.Fatalf("cleanAbs(%q) = %v, resolving gives %q", p, got, appendResolved(nil, ".", "", p))
		}
	}
}

func TestFlagNames(t *testing.T) {
	fileFlags := format.EvOpen.Info().Params[format.MustParam(format.EvOpen, "flags")].Names
	families := format.EvSocket.Info().Params[format.MustParam(format.EvSocket, "domain")].Names
	tests := []struct {
		name  string
		names *format.Names
		v     uint32
		exact bool
		want  string
	}{
		{"read only", fileFlags, 1, false, "O_RDONLY"},
		{"rdwr is not read and write", fileFlags, 3, false, "O_RDWR"},
		{"several", fileFlags, 4097 | 4, false, "O_CREAT|O_RDONLY|O_CLOEXEC"},
		{"none", fileFlags, 0, false, "O_NONE"},
		{"enum", families, 2, true, "AF_INET"},
		{"enum alias", families, 1, true, "AF_LOCAL|AF_UNIX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendFlagNames(nil, tc.names, tc.v, tc.exact)); got != tc.want {
				t.Errorf("flags %d = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}

func TestContainerIDFromCgroups(t *testing.T) {
	id := "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"
	tests := []struct {
		name    string
		cgroups []string
		want    string
	}{
		{"docker v1", []string{"cpu=/docker/" + id}, id[:12]},
		{"systemd docker", []string{"/=/system.slice/docker-" + id + ".scope"}, id[:12]},
		{"podman", []string{"/=/machine.slice/libpod-" + id + ".scope/container"}, id[:12]},
		{"cri-o", []string{"/=/kubepods.slice/kubepods-pod1.slice/crio-" + id + ".scope"}, id[:12]},
		{"containerd", []string{"/=/kubepods/besteffort/pod1/cri-containerd-" + id + ".scope"}, id[:12]},
		{"host", []string{"/=/user.slice/user-1000.slice/session-1.scope"}, ""},
		{"not hex", []string{"/=/docker/" + strings.Repeat("z", 64)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := containerIDFromCgroups(tc.cgroups); got != tc.want {
				t.Errorf("containerIDFromCgroups = %q, want %q", got, tc.want)
			}
		})
	}
}
