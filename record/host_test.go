//go:build linux

package record

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

const podID = "3f1e8b5ac12a3d88a9a6c0e9c2b1f0e2d3c4b5a69788796a5b4c3d2e1f0a9b8c"

func TestContainerFromPath(t *testing.T) {
	tests := []struct {
		path, id, runtime string
	}{
		{"/libpod_parent/libpod-" + podID, podID, "podman"},
		{"/machine.slice/libpod-" + podID + ".scope", podID, "podman"},
		{"/machine.slice/libpod-" + podID + ".scope/container", podID, "podman"},
		{"/machine.slice/libpod-conmon-" + podID + ".scope", "", ""},
		{"/docker/" + podID, podID, "docker"},
		{"/system.slice/docker-" + podID + ".scope", podID, "docker"},
		{"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" + podID + ".scope", podID, "containerd"},
		{"/kubepods/burstable/pod1234/" + podID, podID, "containerd"},
		{"/kubepods.slice/crio-" + podID + ".scope", podID, "cri-o"},
		{"/kubepods.slice/crio-conmon-" + podID + ".scope", "", ""},
		{"/user.slice/user-1000.slice/session-2.scope", "", ""},
		{"/" + podID, "", ""}, // a bare id outside docker or kubepods is not a container
		{"/docker/" + podID[:63], "", ""},
		{"/docker/" + podID[:63] + "g", "", ""},
		{"/", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			id, rt := containerFromPath(tc.path)
			if id != tc.id || rt != tc.runtime {
				t.Errorf("containerFromPath = %q, %q; want %q, %q", id, rt, tc.id, tc.runtime)
			}
			blob := []byte("/=" + tc.path + "\x00")
			if id2, _ := containerIDInBlob(blob); id2 != tc.id {
				t.Errorf("containerIDInBlob = %q, want %q", id2, tc.id)
			}
		})
	}
}

func TestReadCgroups(t *testing.T) {
	got := readCgroups("testdata/cgroup-hybrid")
	want := []string{
		"pids=/libpod_parent/libpod-" + podID,
		"cpu=/libpod_parent/libpod-" + podID,
		"cpuacct=/libpod_parent/libpod-" + podID,
		"systemd=/libpod_parent/libpod-" + podID,
		"/=/libpod_parent/libpod-" + podID,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readCgroups = %q", got)
	}
	if id, rt := containerFromCgroups(got); id != podID || rt != "podman" {
		t.Errorf("containerFromCgroups = %q, %q", id, rt)
	}
	if readCgroups("testdata/missing") != nil {
		t.Error("a missing file gave cgroups")
	}
}

func TestNetTables(t *testing.T) {
	tab := map[uint64]sockEntry{}
	readInetTable("testdata/net-tcp", 6, false, tab)
	readInetTable("testdata/net-tcp6", 6, true, tab)
	readInetTable("testdata/net-udp", 17, false, tab)
	readUnixTable("testdata/net-unix", tab)
	tests := []struct {
		ino   uint64
		typ   format.FDType
		name  string
		proto uint8
	}{
		{441, format.FDIPv4Server, "0.0.0.0:2024", 6},
		{5001, format.FDIPv4, "127.0.0.1:8080->127.0.0.1:40000", 6},
		{7001, format.FDIPv6Server, "[::]:22", 6},
		{7002, format.FDIPv6, "[::ffff:127.0.0.1]:8080->[::ffff:127.0.0.1]:40960", 6},
		{8001, format.FDIPv4Server, "127.0.0.53:53", 17},
		{9001, format.FDUnix, "/run/dbus/system_bus_socket", 0},
		{9002, format.FDUnix, "", 0},
		{9003, format.FDUnix, "/tmp/.X11-unix/X0", 0},
	}
	for _, tc := range tests {
		e, ok := tab[tc.ino]
		if !ok {
			t.Errorf("inode %d missing", tc.ino)
			continue
		}
		if e.typ != tc.typ || e.name != tc.name || e.proto != tc.proto {
			t.Errorf("inode %d: %s %q proto %d; want %s %q %d", tc.ino, e.typ, e.name, e.proto, tc.typ, tc.name, tc.proto)
		}
		if _, ok := format.ParseSockTuple(e.tuple); !ok {
			t.Errorf("inode %d: tuple %x does not parse", tc.ino, e.tuple)
		}
	}
	if len(tab) != len(tests) {
		t.Errorf("%d sockets, want %d (inode 0 and garbage lines are skipped)", len(tab), len(tests))
	}
	st, _ := format.ParseSockTuple(tab[9001].tuple)
	if st.SrcPtr != 0xffff888100a1b000 || st.Path != "/run/dbus/system_bus_socket" {
		t.Errorf("unix tuple %+v", st)
	}
}

func TestReadUsers(t *testing.T) {
	users, groups := readUsers("testdata/passwd", "testdata/group", "abc")
	if len(users) != 3 || users[0].Name != "root" || users[1].Home != "/usr/sbin" || users[2].UID != 65534 || users[2].ContainerID != "abc" {
		t.Errorf("users %+v", users)
	}
	if len(groups) != 3 || groups[1].Name != "adm" || groups[1].GID != 4 {
		t.Errorf("groups %+v", groups)
	}
	if u, g := readUsers("testdata/none", "testdata/none", ""); u != nil || g != nil {
		t.Error("missing files gave users")
	}
}

func TestUserWatch(t *testing.T) {
	dir := t.TempDir()
	passwd, group := filepath.Join(dir, "passwd"), filepath.Join(dir, "group")
	write := func(name, s string, age time.Duration) {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(age)
		os.Chtimes(name, at, at)
	}
	write(passwd, "root:x:0:0::/root:/bin/sh\nold:x:5:5::/:/bin/sh\n", -time.Hour)
	write(group, "root:x:0:\n", -time.Hour)
	u, g := readUsers(passwd, group, "")
	w := newUserWatch(passwd, group, u, g)
	if ch := w.poll(); len(ch) != 0 {
		t.Fatalf("changes without a change: %v", ch)
	}
	write(passwd, "root:x:0:0::/root:/bin/sh\nnew:x:1001:1001::/home/new:/bin/bash\n", 0)
	write(group, "root:x:0:\nnew:x:1001:\n", 0)
	var added, deleted, groupsAdded int
	for _, ch := range w.poll() {
		switch {
		case ch.user != nil && !ch.deleted && ch.user.Name == "new":
			added++
		case ch.user != nil && ch.deleted && ch.user.Name == "old":
			deleted++
		case ch.group != nil && !ch.deleted && ch.group.Name == "new":
			groupsAdded++
		default:
			t.Errorf("unexpected change %+v %+v %v", ch.user, ch.group, ch.deleted)
		}
	}
	if added != 1 || deleted != 1 || groupsAdded != 1 {
		t.Errorf("added %d, deleted %d, groups added %d", added, deleted, groupsAdded)
	}
	if ch := w.poll(); len(ch) != 0 {
		t.Errorf("changes reported twice: %v", ch)
	}
}

func TestContainerJSON(t *testing.T) {
	c := &format.Container{ID: podID, Runtime: "podman", Name: "web", Image: "registry.local:5000/team/app:1.2@sha256:abcd",
		ImageID: "sha256:ffff", Privileged: true, Created: 1_700_000_000_123_000_000, Labels: map[string]string{"a": "b"},
		Mounts: []format.Mount{{Source: "/srv", Dest: "/data", Mode: "ro", RW: false, Propagation: "rprivate"}}}
	raw := containerJSON(c)
	var m map[string]map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	ctr := m["container"]
	want := map[string]any{"id": podID[:12], "full_id": podID, "name": "web", "type": 11.0, "privileged": true,
		"image": c.Image, "imagerepo": "registry.local:5000/team/app", "imagetag": "1.2", "imagedigest": "sha256:abcd",
		"imageid": "sha256:ffff", "created_time": 1_700_000_000.0}
	for k, v := range want {
		if ctr[k] != v {
			t.Errorf("%s = %v, want %v", k, ctr[k], v)
		}
	}
	mounts, _ := ctr["Mounts"].([]any)
	if len(mounts) != 1 || mounts[0].(map[string]any)["Destination"] != "/data" {
		t.Errorf("Mounts = %v", ctr["Mounts"])
	}
}

// TestEngine asks a Docker-compatible API on a unix socket about
// containers.
func TestEngine(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "engine.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1.40/containers/" + podID + "/json":
			io.WriteString(w, `{"Id":"`+podID+`","Created":"2026-01-02T03:04:05.5Z","Name":"/web","Image":"sha256:ffff",
				"Config":{"Image":"localhost/app:1","Labels":{"tier":"front"},"Env":["A=1"],"User":"app"},
				"HostConfig":{"Privileged":true},
				"Mounts":[{"Source":"/srv","Destination":"/data","Mode":"","RW":true,"Propagation":"rprivate"}],
				"NetworkSettings":{"IPAddress":"10.88.0.2"}}`)
		case "/v1.40/containers/bad/json":
			io.WriteString(w, `{"Id":`)
		default:
			http.NotFound(w, r)
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()

	e := newEngine(sock)
	c := e.container(context.Background(), podID, "docker")
	want := &format.Container{ID: podID, Runtime: "docker", Name: "web", Image: "localhost/app:1", ImageID: "sha256:ffff",
		Privileged: true, Created: time.Date(2026, 1, 2, 3, 4, 5, 5e8, time.UTC).UnixNano(), Labels: map[string]string{"tier": "front"},
		Env: []string{"A=1"}, User: "app", IP: "10.88.0.2",
		Mounts: []format.Mount{{Source: "/srv", Dest: "/data", RW: true, Propagation: "rprivate"}}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("container\n got %+v\nwant %+v", c, want)
	}
	for _, id := range []string{"bad", "unknown"} {
		if _, err := e.inspect(context.Background(), id); err == nil {
			t.Errorf("inspect %s: no error", id)
		}
		if c := e.container(context.Background(), id, "podman"); c.ID != id || c.Runtime != "podman" || c.Name != "" {
			t.Errorf("container %s: %+v", id, c)
		}
	}
	if _, err := newEngine(filepath.Join(dir, "absent.sock")).inspect(context.Background(), podID); !errors.Is(err, errNoEngine) {
		t.Errorf("no socket: %v", err)
	}
}
