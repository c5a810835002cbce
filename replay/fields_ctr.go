package replay

import (
	"sort"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// isHostThread reports whether t runs outside any container, as libsinsp:
// no container id and not in a pid namespace.
func isHostThread(t *thread) bool { return t.containerID == "" && !t.inPidNS() }

// ctrFn makes a container field's extractor: host processes get host
// (or nothing), processes in unknown containers nothing. The field's own
// function is called through a closure: container fields are rarer than
// process, fd and event fields.
func ctrFn(host fields.Value, fn func(c *evalContext, t *thread, ct *container) fields.Value) extractFn {
	return func(ev fields.Event) fields.Value {
		c, t := thCtx(ev)
		if t == nil {
			return fields.Value{}
		}
		if isHostThread(t) {
			return host
		}
		ct := c.h.containerOf(t)
		if ct == nil {
			return fields.Value{}
		}
		return fn(c, t, ct)
	}
}

func nonEmpty(s string) fields.Value {
	if s == "" {
		return fields.Value{}
	}
	return vs(s)
}

// mountString renders a mount as libsinsp's to_string.
func appendMount(d []byte, m *format.Mount) []byte {
	d = append(d, m.Source...)
	d = append(d, ':')
	d = append(d, m.Dest...)
	d = append(d, ':')
	d = append(d, m.Mode...)
	d = append(d, ':')
	d = strconv.AppendBool(d, m.RW)
	d = append(d, ':')
	return append(d, m.Propagation...)
}

// Kubernetes pod metadata as container labels.
const (
	labelPodName    = "io.kubernetes.pod.name"
	labelPodNS      = "io.kubernetes.pod.namespace"
	labelPodUID     = "io.kubernetes.pod.uid"
	labelSandboxID  = "io.kubernetes.sandbox.id"
	labelSandboxID2 = "io.kubernetes.cri.sandbox-id"
)

func addContainerFields() {
	s := simpleFields
	host := vs("host")
	s["container.id"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if isHostThread(t) {
				return host
			}
			return vs(t.containerID)
		}
		return fields.Value{}
	}
	s["container.full_id"] = ctrFn(host, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.fullID) })
	s["container.name"] = ctrFn(host, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.name) })
	none := fields.Value{}
	s["container.image"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.image) })
	s["container.image.id"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.imageID) })
	s["container.image.repository"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.repo) })
	s["container.image.tag"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.tag) })
	s["container.image.digest"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.digest) })
	s["container.type"] = ctrFn(host, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.runtime) })
	s["container.privileged"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return vb(ct.privileged) })
	s["container.mounts"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value {
		return vs(c.render(func(d []byte) []byte {
			for i := range ct.mounts {
				if i > 0 {
					d = append(d, ',')
				}
				d = appendMount(d, &ct.mounts[i])
			}
			return d
		}))
	})
	s["container.start_ts"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if isHostThread(t) || t.pidnsStart == 0 {
				return fields.Value{}
			}
			return vi(t.pidnsStart)
		}
		return fields.Value{}
	}
	s["container.duration"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if isHostThread(t) || t.cloneTS == 0 {
				return fields.Value{}
			}
			return vi(c.e.Time - t.pidnsStart)
		}
		return fields.Value{}
	}
	s["container.ip"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return nonEmpty(ct.ip) })
	// Present (maybe empty) for every known container, as libsinsp.
	s["container.cni.json"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value { return vs(ct.cni) })
	// Known only for the engines whose inspection reports them (docker
	// and the CRI runtimes), as libsinsp.
	hostNS := func(get func(ct *container) bool) extractFn {
		return ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value {
			if !ct.hostKnown || !dockerCompatible(ct.runtime) {
				return fields.Value{}
			}
			return vb(get(ct))
		})
	}
	s["container.host_pid"] = hostNS(func(ct *container) bool { return ct.hostPID })
	s["container.host_network"] = hostNS(func(ct *container) bool { return ct.hostNet })
	s["container.host_ipc"] = hostNS(func(ct *container) bool { return ct.hostIPC })
	s["container.labels"] = ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value {
		return nonEmpty(ct.labelsString())
	})
	argFields["container.label"] = func(arg string) (fields.Extractor, error) {
		return ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value {
			if v, ok := ct.labels[arg]; ok {
				return vs(v)
			}
			return fields.Value{}
		}), nil
	}
	argFields["container.mount"] = mountField(func(d []byte, m *format.Mount) []byte { return appendMount(d, m) }, false)
	argFields["container.mount.source"] = mountField(func(d []byte, m *format.Mount) []byte { return append(d, m.Source...) }, true)
	argFields["container.mount.dest"] = mountField(func(d []byte, m *format.Mount) []byte { return append(d, m.Dest...) }, false)
	argFields["container.mount.mode"] = mountField(func(d []byte, m *format.Mount) []byte { return append(d, m.Mode...) }, false)
	argFields["container.mount.rdwr"] = mountField(func(d []byte, m *format.Mount) []byte { return strconv.AppendBool(d, m.RW) }, false)
	argFields["container.mount.propagation"] = mountField(func(d []byte, m *format.Mount) []byte { return append(d, m.Propagation...) }, false)

	// k8s.*: from the container's CRI metadata, as libsinsp: only for
	// containers in a pod sandbox.
	pod := func(fn func(c *evalContext, ct *container) fields.Value) extractFn {
		return ctrFn(none, func(c *evalContext, t *thread, ct *container) fields.Value {
			if ct.sandboxID == "" {
				return fields.Value{}
			}
			return fn(c, ct)
		})
	}
	label := func(key string) extractFn {
		return pod(func(c *evalContext, ct *container) fields.Value {
			if v, ok := ct.labels[key]; ok {
				return vs(v)
			}
			return fields.Value{}
		})
	}
	s["k8s.pod.name"] = label(labelPodName)
	s["k8s.ns.name"] = label(labelPodNS)
	s["k8s.pod.uid"] = label(labelPodUID)
	s["k8s.pod.id"] = s["k8s.pod.uid"]
	s["k8s.pod.full_sandbox_id"] = pod(func(c *evalContext, ct *container) fields.Value { return vs(ct.sandboxID) })
	s["k8s.pod.sandbox_id"] = pod(func(c *evalContext, ct *container) fields.Value { return vs(shortID(ct.sandboxID)) })
	s["k8s.pod.labels"] = pod(func(c *evalContext, ct *container) fields.Value {
		return vs(c.render(func(d []byte) []byte { return appendPodLabels(d, c.h.podLabels(ct)) }))
	})
	argFields["k8s.pod.label"] = func(arg string) (fields.Extractor, error) {
		return pod(func(c *evalContext, ct *container) fields.Value {
			// The sandbox's label, else the container's own record's.
			if v, ok := c.h.podLabels(ct)[arg]; ok {
				return vs(v)
			}
			return vs(ct.podLabels[arg])
		}), nil
	}
	s["k8s.pod.cni.json"] = pod(func(c *evalContext, ct *container) fields.Value {
		if ct.cni == "" {
			if sb := c.h.ctrs[shortID(ct.sandboxID)]; sb != nil {
				return vs(sb.cni)
			}
		}
		return vs(ct.cni)
	})
	s["k8s.pod.ip"] = pod(func(c *evalContext, ct *container) fields.Value {
		if ct.cni == "" {
			// The pod's address is its sandbox's.
			if sb := c.h.ctrs[shortID(ct.sandboxID)]; sb != nil {
				ct = sb
			}
		}
		return nonEmpty(ct.ip)
	})
}

// mountField binds container.mount[...] and its parts: by position, or by
// a glob over the mount's source (over its destination for byDest).
func mountField(get func(d []byte, m *format.Mount) []byte, byDest bool) argBinder {
	return func(arg string) (fields.Extractor, error) {
		idx := -1
		if n, err := strconv.Atoi(arg); err == nil && n >= 0 {
			idx = n
		}
		return ctrFn(fields.Value{}, func(c *evalContext, t *thread, ct *container) fields.Value {
			var m *format.Mount
			if idx >= 0 {
				if idx < len(ct.mounts) {
					m = &ct.mounts[idx]
				}
			} else {
				for i := range ct.mounts {
					v := ct.mounts[i].Source
					if byDest {
						v = ct.mounts[i].Dest
					}
					if rules.Glob(arg, v) {
						m = &ct.mounts[i]
						break
					}
				}
			}
			if m == nil {
				return fields.Value{}
			}
			return vs(c.render(func(d []byte) []byte { return get(d, m) }))
		}), nil
	}
}

// labelsString renders a container's labels as key:value pairs sorted by
// key and joined by commas, computed once.
func (ct *container) labelsString() string {
	if ct.labelsStr != "" || len(ct.labels) == 0 {
		return ct.labelsStr
	}
	keys := make([]string, 0, len(ct.labels))
	for k := range ct.labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(ct.labels[k])
	}
	ct.labelsStr = b.String()
	return ct.labelsStr
}

// dockerCompatible reports whether a runtime's inspection tells host
// namespaces (libsinsp's is_docker_compatible).
func dockerCompatible(runtime string) bool {
	switch runtime {
	case "docker", "cri", "containerd", "cri-o", "podman":
		return true
	}
	return false
}

// podLabels returns the labels of ct's pod: its own record's, or (when it
// has no CNI result of its own) its sandbox container's, as libsinsp.
func (h *hostState) podLabels(ct *container) map[string]string {
	if ct.cni == "" {
		if sb := h.ctrs[shortID(ct.sandboxID)]; sb != nil {
			return sb.podLabels
		}
	}
	return ct.podLabels
}

// appendPodLabels renders pod labels as libsinsp's k8s.pod.labels: sorted
// key:value pairs (key alone when the value is empty) joined by ", ",
// without annotations and io.kubernetes.* labels.
func appendPodLabels(d []byte, labels map[string]string) []byte {
	var keys [32]string
	ks := keys[:0]
	for k := range labels {
		if strings.HasPrefix(k, "annotation.") || strings.HasPrefix(k, "io.kubernetes.") {
			continue
		}
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for i, k := range ks {
		if i > 0 {
			d = append(d, ", "...)
		}
		d = append(d, k...)
		if v := labels[k]; v != "" {
			d = append(d, ':')
			d = append(d, v...)
		}
	}
	return d
}
