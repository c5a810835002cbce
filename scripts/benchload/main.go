//go:build linux

// Command benchload is the fixed syscall-heavy workload of the recorder's
// load benchmark (scripts/bench-record.sh): open/read/close, stat,
// fork+exec, loopback TCP, rename/unlink, about half a million syscalls.
// It prints the seconds it took.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	scale := flag.Int("scale", 1, "multiply the work by this")
	flag.Parse()
	dir, err := os.MkdirTemp("", "benchload")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	for i := 0; i < *scale; i++ {
		if err := round(dir); err != nil {
			fail(err)
		}
	}
	// Wall time, then CPU time (user and system, this process and its
	// children): on a shared machine the CPU time is the steadier measure
	// of what a syscall hook costs the workload.
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	cpu := tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
	fmt.Printf("%.4f %.4f\n", time.Since(start).Seconds(), cpu.Seconds())
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchload:", err)
	os.Exit(1)
}

func round(dir string) error {
	t := time.Now()
	lap := func(what string) {
		if os.Getenv("BENCHLOAD_LAPS") != "" {
			fmt.Fprintf(os.Stderr, "%-10s %v\n", what, time.Since(t))
		}
		t = time.Now()
	}
	data := filepath.Join(dir, "data")
	if err := os.WriteFile(data, make([]byte, 4096), 0o644); err != nil {
		return err
	}
	buf := make([]byte, 4096)
	// open/read/close and stat: 40,000 × 5 syscalls.
	for i := 0; i < 40000; i++ {
		f, err := os.Open(data)
		if err != nil {
			return err
		}
		if _, err := f.Read(buf); err != nil {
			return err
		}
		f.Close()
		if _, err := os.Stat(data); err != nil {
			return err
		}
	}
	lap("open/stat")
	// rename/unlink: 20,000 × 5 syscalls.
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for i := 0; i < 20000; i++ {
		f, err := os.Create(a)
		if err != nil {
			return err
		}
		f.Close()
		if err := os.Rename(a, b); err != nil {
			return err
		}
		if err := os.Remove(b); err != nil {
			return err
		}
	}
	lap("rename")
	// Loopback TCP: 2,000 connections, each with a write and a read.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				io.Copy(io.Discard, c)
				c.Close()
			}()
		}
	}()
	for i := 0; i < 2000; i++ {
		c, err := net.Dial("tcp4", ln.Addr().String())
		if err != nil {
			return err
		}
		if _, err := c.Write(buf[:64]); err != nil {
			return err
		}
		c.Close()
	}
	lap("tcp")
	// fork+exec: 200 processes.
	for i := 0; i < 200; i++ {
		if err := exec.Command("/bin/true").Run(); err != nil {
			return err
		}
	}
	lap("exec")
	return nil
}
