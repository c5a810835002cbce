package replay_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/replay"
	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// writeExampleCapture writes a capture in which alice's bash opens
// /etc/shadow, then cat (its child) reads it.
func writeExampleCapture(dir string) string {
	name := filepath.Join(dir, "example.pcap")
	snap := &format.Snapshot{
		Threads: []format.Thread{
			{TID: 100, PID: 100, PPID: 1, Comm: "bash", Exe: "bash", ExePath: "/usr/bin/bash", Cwd: "/etc",
				UID: 1000, EUID: 1000, GID: 1000, EGID: 1000, LoginUID: 1000},
		},
		Users: []format.User{{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"}},
	}
	w, err := format.Create(name, &format.Header{Hostname: "web-1"}, snap, nil)
	if err != nil {
		panic(err)
	}
	ts := int64(1_700_000_000_000_000_000)
	var e format.Event
	e.Reset(format.EvOpenat, format.DirExit)
	e.Num, e.Time, e.TID, e.PID = 1, ts, 100, 100
	e.SetInt(format.MustParam(format.EvOpenat, "fd"), 3)
	e.SetInt(format.MustParam(format.EvOpenat, "dirfd"), -100) // AT_FDCWD
	e.SetBytes(format.MustParam(format.EvOpenat, "name"), []byte("shadow"))
	e.SetInt(format.MustParam(format.EvOpenat, "flags"), 1) // O_RDONLY
	if err := w.WriteEvent(&e); err != nil {
		panic(err)
	}
	e.Reset(format.EvRead, format.DirExit)
	e.Num, e.Time = 2, ts+1000
	e.SetInt(format.MustParam(format.EvRead, "res"), 512)
	e.SetInt(format.MustParam(format.EvRead, "fd"), 3)
	e.SetInt(format.MustParam(format.EvRead, "size"), 4096)
	if err := w.WriteEvent(&e); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return name
}

// Run replays a capture through rules and reports the alerts.
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "peregrine-example")
	defer os.RemoveAll(dir)
	in, err := replay.OpenInput(writeExampleCapture(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer in.Close()

	set, diags := rules.Load(rules.File{Name: "example_rules.yaml", Data: []byte(`
- rule: Shadow file opened
  desc: a process opens /etc/shadow
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
  output: "%proc.name opened %fd.name (user=%user.name cwd=%proc.cwd)"
  priority: WARNING
`)})
	if err := diags.Err(); err != nil {
		fmt.Println(err)
		return
	}
	eng, diags := rules.Compile(set, &rules.Options{Values: replay.Fields(), EventTypes: replay.EventTypeNames()})
	if err := diags.Err(); err != nil {
		fmt.Println(err)
		return
	}
	st, err := replay.Run(context.Background(), &replay.Options{
		Inputs: []format.EventReader{in},
		Engine: eng,
		OnAlert: func(a *replay.Alert) {
			fmt.Printf("%s %s: %s\n", a.Hostname, a.Priority, a.Output)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d events, %d alert\n", st.Events, st.Alerts)
	// Output:
	// web-1 Warning: bash opened /etc/shadow (user=alice cwd=/etc/)
	// 2 events, 1 alert
}

// Fields binds catalogue fields to extractors over the replay state; with
// Options.OnEvent they print events the way sysdig -p does.
func ExampleFields() {
	dir, _ := os.MkdirTemp("", "peregrine-example")
	defer os.RemoveAll(dir)
	in, err := replay.OpenInput(writeExampleCapture(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer in.Close()

	var extract []fields.Extractor
	for _, ref := range []string{"evt.num", "proc.name", "evt.type", "fd.name", "evt.args"} {
		r, err := fields.Default.Parse(ref)
		if err != nil {
			fmt.Println(err)
			return
		}
		ex, err := replay.Fields().Bind(r.Field, r.Arg)
		if err != nil {
			fmt.Println(err)
			return
		}
		extract = append(extract, ex)
	}
	_, err = replay.Run(context.Background(), &replay.Options{
		Inputs: []format.EventReader{in},
		OnEvent: func(ev fields.Event, _ *format.Event) {
			num, name, typ, fd, args := extract[0](ev), extract[1](ev), extract[2](ev), extract[3](ev), extract[4](ev)
			fmt.Println(num.Int, name.Str, typ.Str, fd.Str, "|", args.Str)
		},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1 bash openat /etc/shadow | fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=shadow(/etc/shadow) flags=1(O_RDONLY)
	// 2 bash read /etc/shadow | res=512 fd=3(<f>/etc/shadow) size=4096
}
