//go:build linux

package record

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
)

// readUsers reads a passwd and a group file; missing files give nothing.
func readUsers(passwd, group, containerID string) ([]format.User, []format.Group) {
	var users []format.User
	var groups []format.Group
	eachLine(passwd, func(f []string) {
		// name:x:uid:gid:gecos:home:shell
		if len(f) < 7 {
			return
		}
		uid, err1 := strconv.ParseUint(f[2], 10, 32)
		gid, err2 := strconv.ParseUint(f[3], 10, 32)
		if err1 != nil || err2 != nil {
			return
		}
		users = append(users, format.User{UID: uint32(uid), GID: uint32(gid), Name: f[0], Home: f[5], Shell: f[6], ContainerID: containerID})
	})
	eachLine(group, func(f []string) {
		// name:x:gid:members
		if len(f) < 3 {
			return
		}
		gid, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			return
		}
		groups = append(groups, format.Group{GID: uint32(gid), Name: f[0], ContainerID: containerID})
	})
	return users, groups
}

func eachLine(name string, fn func(fields []string)) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fn(strings.Split(line, ":"))
	}
}

// userWatch notices users and groups added to or deleted from the host's
// passwd and group files while recording.
//
// A userWatch is not safe for concurrent use.
type userWatch struct {
	passwd, group string
	stamp         [2]int64 // mtimes last seen
	users         map[uint32]format.User
	groups        map[uint32]format.Group
}

func newUserWatch(passwd, group string, users []format.User, groups []format.Group) *userWatch {
	w := &userWatch{passwd: passwd, group: group, users: map[uint32]format.User{}, groups: map[uint32]format.Group{}}
	for _, u := range users {
		if u.ContainerID == "" {
			w.users[u.UID] = u
		}
	}
	for _, g := range groups {
		if g.ContainerID == "" {
			w.groups[g.GID] = g
		}
	}
	w.stamp = [2]int64{mtime(passwd), mtime(group)}
	return w
}

func mtime(name string) int64 {
	st, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return st.ModTime().UnixNano()
}

// userChange is one user or group added or deleted.
type userChange struct {
	user    *format.User
	group   *format.Group
	deleted bool
}

// poll returns the changes since the last poll.
func (w *userWatch) poll() []userChange {
	stamp := [2]int64{mtime(w.passwd), mtime(w.group)}
	if stamp == w.stamp {
		return nil
	}
	w.stamp = stamp
	users, groups := readUsers(w.passwd, w.group, "")
	var out []userChange
	seenU := map[uint32]bool{}
	for _, u := range users {
		seenU[u.UID] = true
		if old, ok := w.users[u.UID]; !ok || old != u {
			u := u
			out = append(out, userChange{user: &u})
			w.users[u.UID] = u
		}
	}
	for uid, u := range w.users {
		if !seenU[uid] {
			u := u
			out = append(out, userChange{user: &u, deleted: true})
			delete(w.users, uid)
		}
	}
	seenG := map[uint32]bool{}
	for _, g := range groups {
		seenG[g.GID] = true
		if old, ok := w.groups[g.GID]; !ok || old != g {
			g := g
			out = append(out, userChange{group: &g})
			w.groups[g.GID] = g
		}
	}
	for gid, g := range w.groups {
		if !seenG[gid] {
			g := g
			out = append(out, userChange{group: &g, deleted: true})
			delete(w.groups, gid)
		}
	}
	return out
}
