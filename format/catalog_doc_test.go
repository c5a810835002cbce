package format

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

var categoryNames = map[Category]string{
	CatUnknown: "unknown", CatOther: "other", CatFile: "file", CatNet: "net", CatIPC: "ipc", CatMemory: "memory",
	CatProcess: "process", CatSleep: "sleep", CatSystem: "system", CatSignal: "signal", CatUser: "user",
	CatTime: "time", CatProcessing: "processing", CatIORead: "io_read", CatIOWrite: "io_write", CatIOOther: "io_other",
}

// eventsDoc renders the catalogue as docs/events.md.
func eventsDoc() string {
	var b strings.Builder
	b.WriteString(`# Event types

Generated from the catalogue in format/events.go by
` + "`go test ./format -run TestEventsDoc -update`" + `; do not edit.

Every event type Peregrine knows, with its parameters in order: the names
rules use as ` + "`evt.arg.NAME`" + ` (or ` + "`evt.arg[N]`" + `), their types (the
parameter type codes of docs/format.md) and, for flags and enumerations, the
table their values are named from. Peregrine's own recordings hold one event
per syscall, at exit (` + "`evt.dir = <`" + `), with the entry arguments and the
return value; events converted from .scap files keep sysdig's enter/exit pairs.

| event type | category | parameters |
|---|---|---|
`)
	for t := EventType(1); t < numEventTypes; t++ {
		info := t.Info()
		cat := categoryNames[info.Category.Main()]
		var src []string
		for _, c := range []struct {
			bit  Category
			name string
		}{{CatSyscall, "syscall"}, {CatTracepoint, "tracepoint"}, {CatMeta, "meta"}, {CatPlugin, "plugin"}, {CatInternal, "internal"}} {
			if info.Category&c.bit != 0 {
				src = append(src, c.name)
			}
		}
		if len(src) > 0 {
			cat += " (" + strings.Join(src, ", ") + ")"
		}
		var ps []string
		for _, p := range info.Params {
			s := fmt.Sprintf("`%s` %s", p.Name, p.Type)
			if p.Names != nil {
				s += " (" + p.Names.Name + ")"
			}
			if p.DirFD != "" {
				s += " relative to `" + p.DirFD + "`"
			}
			ps = append(ps, s)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", info.Name, cat, strings.Join(ps, ", "))
	}
	return b.String()
}

// TestEventsDoc keeps docs/events.md in step with the catalogue.
func TestEventsDoc(t *testing.T) {
	const name = "../docs/events.md"
	got := eventsDoc()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (go test ./format -run TestEventsDoc -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("docs/events.md is out of date with the catalogue: go test ./format -run TestEventsDoc -update\n%s", firstDiff(got, string(want)))
	}
}
