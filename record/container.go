//go:build linux

package record

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

// Default engine API sockets, tried in order when Options.ContainerSocket
// is empty. Podman serves the Docker-compatible API too.
var defaultEngineSockets = []string{"/var/run/docker.sock", "/run/podman/podman.sock"}

// containerFromCgroups finds a container id in cgroup entries
// ("subsys=path") and names the runtime from the path's shape:
//
//	/docker/<id>, /system.slice/docker-<id>.scope          docker
//	/libpod_parent/libpod-<id>, /machine.slice/libpod-<id>.scope  podman
//	.../cri-containerd-<id>.scope, /kubepods/.../<id>       containerd
//	.../crio-<id>.scope                                    cri-o
//
// The engines' own monitors (libpod-conmon-<id>, crio-conmon-<id>) are not
// the container.
func containerFromCgroups(cgroups []string) (id, runtime string) {
	for _, cg := range cgroups {
		_, path, ok := strings.Cut(cg, "=")
		if !ok {
			continue
		}
		if id, runtime = containerFromPath(path); id != "" {
			return id, runtime
		}
	}
	return "", ""
}

func containerFromPath(path string) (id, runtime string) {
	parts := strings.Split(path, "/")
	for i := len(parts) - 1; i >= 0; i-- {
		name := strings.TrimSuffix(parts[i], ".scope")
		if strings.Contains(name, "conmon") {
			continue
		}
		for _, p := range []struct{ prefix, runtime string }{
			{"docker-", "docker"}, {"libpod-", "podman"}, {"cri-containerd-", "containerd"},
			{"crio-", "cri-o"}, {"containerd-", "containerd"}, {"", ""},
		} {
			rest, ok := strings.CutPrefix(name, p.prefix)
			if !ok || !isHexID(rest) {
				continue
			}
			rt := p.runtime
			if rt == "" {
				switch {
				case i > 0 && parts[i-1] == "docker":
					rt = "docker"
				case strings.Contains(path, "kubepods"):
					rt = "containerd"
				default:
					continue
				}
			}
			return rest, rt
		}
	}
	return "", ""
}

func isHexID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// containerIDInBlob finds a container id in the probe's cgroup blob
// (NUL-separated "subsys=path" entries); it allocates only when the blob
// holds a run of 64 hex digits.
func containerIDInBlob(b []byte) (id, runtime string) {
	run := 0
	for _, c := range b {
		if '0' <= c && c <= '9' || 'a' <= c && c <= 'f' {
			run++
			if run == 64 {
				return containerFromCgroups(splitNUL(b))
			}
		} else {
			run = 0
		}
	}
	return "", ""
}

// engine asks container engines about containers over their
// Docker-compatible HTTP API on a unix socket.
//
// An engine is safe for concurrent use.
type engine struct {
	sockets []string
	timeout time.Duration
}

func newEngine(socket string) *engine {
	e := &engine{sockets: defaultEngineSockets, timeout: 2 * time.Second}
	if socket != "" {
		e.sockets = []string{socket}
	}
	return e
}

// inspectReply is the part of GET /containers/{id}/json the recorder keeps.
type inspectReply struct {
	ID      string `json:"Id"`
	Created string `json:"Created"`
	Name    string `json:"Name"`
	Image   string `json:"Image"` // image id
	Config  struct {
		Image  string            `json:"Image"`
		Labels map[string]string `json:"Labels"`
		Env    []string          `json:"Env"`
		User   string            `json:"User"`
	} `json:"Config"`
	HostConfig struct {
		Privileged bool `json:"Privileged"`
	} `json:"HostConfig"`
	Mounts []struct {
		Source      string `json:"Source"`
		Destination string `json:"Destination"`
		Mode        string `json:"Mode"`
		RW          bool   `json:"RW"`
		Propagation string `json:"Propagation"`
	} `json:"Mounts"`
	NetworkSettings struct {
		IPAddress string `json:"IPAddress"`
	} `json:"NetworkSettings"`
}

// container returns what the engines know of container id; a container no
// engine answers for still gets its id and runtime.
func (e *engine) container(ctx context.Context, id, runtime string) *format.Container {
	c, _ := e.lookup(ctx, id, runtime)
	return c
}

// lookup is container, with the error of the engines that did not answer;
// the container it returns is never nil.
func (e *engine) lookup(ctx context.Context, id, runtime string) (*format.Container, error) {
	c := &format.Container{ID: id, Runtime: runtime}
	r, err := e.inspect(ctx, id)
	if err != nil {
		return c, err
	}
	c.Name = strings.TrimPrefix(r.Name, "/")
	c.Image = r.Config.Image
	c.ImageID = r.Image
	c.Privileged = r.HostConfig.Privileged
	c.Labels = r.Config.Labels
	c.Env = r.Config.Env
	c.User = r.Config.User
	c.IP = r.NetworkSettings.IPAddress
	if t, err := time.Parse(time.RFC3339Nano, r.Created); err == nil {
		c.Created = t.UnixNano()
	}
	for _, m := range r.Mounts {
		c.Mounts = append(c.Mounts, format.Mount{Source: m.Source, Dest: m.Destination, Mode: m.Mode, RW: m.RW, Propagation: m.Propagation})
	}
	return c, nil
}

// errNoEngine means no engine socket answered.
var errNoEngine = errors.New("record: no container engine socket")

func (e *engine) inspect(ctx context.Context, id string) (*inspectReply, error) {
	var lastErr error = errNoEngine
	for _, sock := range e.sockets {
		if _, err := os.Stat(sock); err != nil {
			continue
		}
		r, err := e.inspectAt(ctx, sock, id)
		if err == nil {
			return r, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func (e *engine) inspectAt(ctx context.Context, sock, id string) (*inspectReply, error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		},
		DisableKeepAlives: true,
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://engine/v1.40/containers/"+id+"/json", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ask %s about container %.12s: %w", sock, id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s's answer about container %.12s: %w", sock, id, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s about container %.12s: HTTP %d", sock, id, resp.StatusCode)
	}
	var r inspectReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("parse %s's answer about container %.12s: %w", sock, id, err)
	}
	return &r, nil
}

// Container types in libsinsp's container JSON ("type").
var containerTypes = map[string]int{
	"docker": 0, "cri": 5, "containerd": 6, "cri-o": 7, "podman": 11,
}

// containerJSON renders c as libsinsp's container event JSON, the payload
// of an EvContainer meta event.
func containerJSON(c *format.Container) []byte {
	type mount struct {
		Source      string `json:"Source"`
		Destination string `json:"Destination"`
		Mode        string `json:"Mode"`
		RW          bool   `json:"RW"`
		Propagation string `json:"Propagation"`
	}
	repo, tag, digest := c.ImageParts()
	j := struct {
		Container struct {
			ID         string            `json:"id"`
			FullID     string            `json:"full_id"`
			Type       int               `json:"type"`
			Name       string            `json:"name"`
			Image      string            `json:"image"`
			ImageID    string            `json:"imageid"`
			ImageRepo  string            `json:"imagerepo"`
			ImageTag   string            `json:"imagetag"`
			Digest     string            `json:"imagedigest"`
			Privileged bool              `json:"privileged"`
			User       string            `json:"User"`
			IP         string            `json:"ip"`
			Created    int64             `json:"created_time"`
			Env        []string          `json:"env"`
			Labels     map[string]string `json:"labels"`
			Mounts     []mount           `json:"Mounts"`
		} `json:"container"`
	}{}
	x := &j.Container
	x.ID = c.ID
	if len(x.ID) > 12 {
		x.ID = x.ID[:12]
	}
	x.FullID = c.ID
	x.Type = containerTypes[c.Runtime]
	x.Name, x.Image, x.ImageID = c.Name, c.Image, c.ImageID
	x.ImageRepo, x.ImageTag, x.Digest = repo, tag, digest
	x.Privileged, x.User, x.IP = c.Privileged, c.User, c.IP
	x.Created = c.Created / 1e9
	x.Env = c.Env
	if x.Env == nil {
		x.Env = []string{}
	}
	x.Labels = c.Labels
	if x.Labels == nil {
		x.Labels = map[string]string{}
	}
	x.Mounts = []mount{}
	for _, m := range c.Mounts {
		x.Mounts = append(x.Mounts, mount{m.Source, m.Dest, m.Mode, m.RW, m.Propagation})
	}
	b, _ := json.Marshal(&j) // plain data: cannot fail
	return b
}
