//go:build linux

package probe

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// MissingError says what this host or process lacks to load the probe.
type MissingError struct {
	Missing []string // e.g. "CAP_BPF", "kernel BTF (/sys/kernel/btf/vmlinux)"
	Err     error    // the underlying error, if any
}

func (e *MissingError) Error() string {
	msg := "probe: cannot load the eBPF probe: missing " + strings.Join(e.Missing, ", ")
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg + " (run as root on Linux 5.17 or later with BTF)"
}

func (e *MissingError) Unwrap() error { return e.Err }

// Capability numbers (linux/capability.h).
const (
	capSysAdmin = 21
	capPerfmon  = 38
	capBPF      = 39
)

// Paths the check looks at; variables for tests.
var (
	btfPath     = "/sys/kernel/btf/vmlinux"
	tracefsPath = "/sys/kernel/tracing"
	bpffsPath   = "/sys/fs/bpf"
)

// Check reports what the probe needs and the host lacks as a
// *MissingError: the CAP_BPF and CAP_PERFMON capabilities (or
// CAP_SYS_ADMIN), kernel BTF, and tracefs. It mounts tracefs and the BPF
// filesystem where they are missing and it may.
func Check() error {
	var missing []string
	caps, err := effectiveCaps()
	if err != nil {
		return fmt.Errorf("probe: read capabilities: %w", err)
	}
	if caps&(1<<capSysAdmin) == 0 {
		if caps&(1<<capBPF) == 0 {
			missing = append(missing, "CAP_BPF")
		}
		if caps&(1<<capPerfmon) == 0 {
			missing = append(missing, "CAP_PERFMON")
		}
	}
	if _, err := os.Stat(btfPath); err != nil {
		missing = append(missing, "kernel BTF ("+btfPath+", CONFIG_DEBUG_INFO_BTF)")
	}
	if len(missing) == 0 {
		if err := ensureMount(tracefsPath, "tracefs", unix.TRACEFS_MAGIC); err != nil {
			missing = append(missing, "tracefs ("+tracefsPath+": "+err.Error()+")")
		}
		// The probe pins nothing; a missing bpffs is mounted for the
		// tools people use next to it (bpftool) and is not an error.
		_ = ensureMount(bpffsPath, "bpf", unix.BPF_FS_MAGIC)
	}
	if len(missing) > 0 {
		return &MissingError{Missing: missing}
	}
	return nil
}

// effectiveCaps returns the CapEff mask of this process.
func effectiveCaps() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "CapEff:"); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no CapEff line in /proc/self/status")
}

// ensureMount mounts a filesystem of type fstype at dir unless one with
// the given magic is there already.
func ensureMount(dir, fstype string, magic int64) error {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err == nil && int64(st.Type) == magic {
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := unix.Mount(fstype, dir, fstype, 0, ""); err != nil {
		return fmt.Errorf("mount %s: %w", fstype, err)
	}
	return nil
}
