//go:build linux

package probe

import (
	"errors"
	"fmt"
	"io"

	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/rlimit"
)

// LoadEmpty attaches a program that does nothing to sys_exit and returns
// what detaches it. The load benchmark (scripts/bench-record.sh) uses it to
// measure the cost of any sys_exit hook, the floor under the recorder.
func LoadEmpty() (io.Closer, error) {
	if err := Check(); err != nil {
		return nil, err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return nil, fmt.Errorf("probe: raise the memlock limit: %w", err)
	}
	var objs emptyObjects
	if err := loadEmptyObjects(&objs, nil); err != nil {
		return nil, loadError(err)
	}
	l, err := link.AttachTracing(link.TracingOptions{Program: objs.EmptySysExit})
	if err != nil {
		objs.Close()
		return nil, fmt.Errorf("probe: attach the empty hook: %w", err)
	}
	return &emptyHook{objs: objs, link: l}, nil
}

type emptyHook struct {
	objs emptyObjects
	link link.Link
}

func (h *emptyHook) Close() error {
	return errors.Join(h.link.Close(), h.objs.Close())
}
