//go:build linux

package record_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/peregrine-sec/peregrine/record"
)

// The tests run their workloads in child processes (this test binary,
// re-executed with PEREGRINE_WORKLOAD set): the recorder leaves its own
// process out, and the test process is the recorder.

const workloadEnv = "PEREGRINE_WORKLOAD"

// workloadCommand returns a command running workload mode in dir.
func workloadCommand(mode, dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$"}, args...)...)
	cmd.Env = append(os.Environ(), workloadEnv+"="+mode, "PEREGRINE_DIR="+dir)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd
}

// runWorkload is TestMain's hook: it runs the workload named by the
// environment and returns the exit status, or -1 when there is none.
func runWorkload() int {
	mode := os.Getenv(workloadEnv)
	if mode == "" {
		return -1
	}
	dir := os.Getenv("PEREGRINE_DIR")
	var err error
	switch mode {
	case "families":
		err = families(dir)
	case "setuid":
		err = unix.Setuid(65534)
	case "memfd":
		err = memfdExec()
	case "busy":
		err = busy(dir)
	case "noise":
		err = noise()
	case "all":
		err = allSyscalls(dir)
	case "notroot":
		_, err = record.Run(context.Background(), &record.Options{Output: filepath.Join(dir, "never.pcap")})
	default:
		err = fmt.Errorf("unknown workload %q", mode)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "workload %s: %v\n", mode, err)
		return 1
	}
	return 0
}

// families makes each recorded syscall family happen once.
func families(dir string) error {
	// Files below an /etc-like directory: create, write, rename, unlink.
	etc := filepath.Join(dir, "etc")
	if err := os.Mkdir(etc, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(etc, "shadow-new"), []byte("root:*:1::::::\n"), 0o600); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(etc, "shadow-new"), filepath.Join(etc, "shadow")); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(etc, "shadow")); err != nil {
		return err
	}

	// A shell with arguments.
	sh := exec.Command("/bin/sh", "-c", "exit 0", "peregrine-arg0", "second arg")
	sh.Dir = dir
	if err := sh.Run(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}

	// Loopback TCP: connect and accept.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	accepted := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			_, err = io.Copy(io.Discard, c)
			c.Close()
		}
		accepted <- err
	}()
	c, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("ping")); err != nil {
		return err
	}
	c.Close()
	if err := <-accepted; err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tcp-port"), []byte(strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)), 0o644); err != nil {
		return err
	}

	// ptrace: attach to a sleeping child and let it go.
	sleep := exec.Command("/bin/sleep", "10")
	if err := sleep.Start(); err != nil {
		return err
	}
	defer sleep.Process.Kill()
	runtime.LockOSThread()
	err = unix.PtraceAttach(sleep.Process.Pid)
	if err == nil {
		var ws unix.WaitStatus
		_, err = unix.Wait4(sleep.Process.Pid, &ws, 0, nil)
		if err == nil {
			err = unix.PtraceDetach(sleep.Process.Pid)
		}
	}
	runtime.UnlockOSThread()
	if err != nil {
		return fmt.Errorf("ptrace: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "traced-pid"), []byte(strconv.Itoa(sleep.Process.Pid)), 0o644); err != nil {
		return err
	}

	// setuid and a fileless exec, each in a process of its own.
	if err := workloadCommand("setuid", dir).Run(); err != nil {
		return fmt.Errorf("setuid: %w", err)
	}
	if err := workloadCommand("memfd", dir).Run(); err != nil {
		return fmt.Errorf("memfd exec: %w", err)
	}
	return nil
}

// memfdExec copies /bin/true into a memfd and executes it from there.
func memfdExec() error {
	fd, err := unix.MemfdCreate("peregrine-memfd", 0)
	if err != nil {
		return err
	}
	src, err := os.Open("/bin/true")
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), "memfd")
	if _, err := io.Copy(f, src); err != nil {
		return err
	}
	// A file open for writing cannot be executed (ETXTBSY): reopen it
	// read-only and close the writable fd.
	ro, err := os.Open(fmt.Sprintf("/proc/self/fd/%d", fd))
	if err != nil {
		return err
	}
	f.Close()
	return syscall.Exec(fmt.Sprintf("/proc/self/fd/%d", ro.Fd()), []string{"memfd-true"}, os.Environ())
}

// busy makes syscalls for a while (rotation tests).
func busy(dir string) error {
	deadline := time.Now().Add(1500 * time.Millisecond)
	name := filepath.Join(dir, "busy")
	for time.Now().Before(deadline) {
		for i := 0; i < 200; i++ {
			f, err := os.Create(name)
			if err != nil {
				return err
			}
			f.Close()
			os.Remove(name)
		}
	}
	return nil
}

// noise writes incompressible data to /dev/null, 16 KiB at a time,
// PEREGRINE_NOISE times (default 8).
func noise() error {
	f, err := os.OpenFile("/dev/null", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 16384)
	n := 8
	if v, err := strconv.Atoi(os.Getenv("PEREGRINE_NOISE")); err == nil {
		n = v
	}
	for i := 0; i < n; i++ {
		if _, err := rand.Read(buf); err != nil {
			return err
		}
		if _, err := f.Write(buf); err != nil {
			return err
		}
	}
	return nil
}
