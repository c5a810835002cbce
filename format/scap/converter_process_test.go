package scap

import (
	"fmt"
	"testing"
)

// procVals are the values libscap's converter tests give the parameters of
// the process events (execve, clone, fork, vfork and their old versions),
// by parameter name.
var procVals = map[string]any{
	"res": 89, "exe": "exe", "args": []byte{1, 2, 3, 4}, "tid": 100, "pid": 101,
	"ptid": 102, "cwd": "cwd", "fdlimit": 103, "pgft_maj": 104, "pgft_min": 105,
	"vm_size": 106, "vm_rss": 107, "vm_swap": 108, "comm": "comm",
	"cgroups": []byte{1, 2, 3, 4}, "env": []byte{1, 2, 3, 4}, "tty": 80,
	"vpgid": 103, "loginuid": 200, "flags": 109, "uid": 110, "gid": 111, "vtid": 112, "vpid": 113,
	"filename": "filename",
}

// tableEv is the event PPME_enum with procVals' value for each of its
// first n parameters, as libscap's converter tests build the old process
// events (the newest ones without their last parameters).
func tableEv(enum string, n int) scapEv {
	for id := range scapEvents {
		se := &scapEvents[id]
		if se.enum != enum {
			continue
		}
		e := scapEv{enum: enum}
		for _, p := range se.params[:n] {
			v, ok := procVals[p.name]
			if !ok {
				panic(fmt.Sprintf("PPME_%s: no value for %s", enum, p.name))
			}
			e.vals = append(e.vals, v)
		}
		return e
	}
	panic("no scap event PPME_" + enum)
}

// procCase is the converter test name converting the old exit event
// PPME_exit with n parameters (with the enter event enter, or none) into
// the newest event
// PPME_newest, of type typ: the old events' values are kept, the newest
// event's other parameters are the ones the converter leaves empty.
func procCase(name string, enter *scapEv, exit string, n int, newest, typ string) converterCase {
	c := converterCase{name: name, enter: enter, exit: tableEv(exit, n), typ: typ, want: map[string]any{}}
	have := func(e *scapEv) {
		if e == nil {
			return
		}
		for i, p := range scapEvents[scapIDOf(e.enum)].params[:len(e.vals)] {
			c.want[p.name] = e.vals[i]
		}
	}
	have(enter)
	have(&c.exit)
	for _, p := range scapEvents[scapIDOf(newest)].params {
		if _, ok := c.want[p.name]; !ok {
			c.absent = append(c.absent, p.name)
		}
	}
	return c
}

// withEnter is c with the enter event e, whose parameters the converted
// event does not have.
func withEnter(c converterCase, e *scapEv) converterCase {
	c.enter = e
	return c
}

func scapIDOf(enum string) int {
	for id := range scapEvents {
		if scapEvents[id].enum == enum {
			return id
		}
	}
	panic("no scap event PPME_" + enum)
}

func TestConverterConformanceProcess(t *testing.T) {
	cases := []converterCase{
		procCase("PPME_SYSCALL_EXECVE_8_X_8_to_13_X_13_params_no_enter", nil, "SYSCALL_EXECVE_8_X", 8, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_13_X_13_to_14_X_14_params_no_enter", nil, "SYSCALL_EXECVE_13_X", 13, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_14_X_14_to_15_X_15_params_no_enter", nil, "SYSCALL_EXECVE_14_X", 14, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_15_X_15_to_16_X_16_params_no_enter", nil, "SYSCALL_EXECVE_15_X", 15, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_16_X_16_to_17_X_17_params_no_enter", nil, "SYSCALL_EXECVE_16_X", 16, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_17_X_17_to_18_X_17_params_no_enter", nil, "SYSCALL_EXECVE_17_X", 17, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_18_X_17_to_19_X_18_params_no_enter", nil, "SYSCALL_EXECVE_18_X", 17, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_19_X_18_to_31_params_no_enter", nil, "SYSCALL_EXECVE_19_X", 18, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_19_X_18_to_31_params_with_enter", enter("SYSCALL_EXECVE_19_E", "filename"), "SYSCALL_EXECVE_19_X", 18, "SYSCALL_EXECVE_19_X", "execve"),
		// The enter conversions of the old versions (PPME_SYSCALL_EXECVE_8_E_0_to_13_E_0
		// ... 18_E_1_to_19_E_1) as they pair with their exit events.
		procCase("PPME_SYSCALL_EXECVE_8_E_0_to_13_E_0", enter("SYSCALL_EXECVE_8_E"), "SYSCALL_EXECVE_8_X", 8, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_13_E_0_to_14_E_0", enter("SYSCALL_EXECVE_13_E"), "SYSCALL_EXECVE_13_X", 13, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_14_E_0_to_15_E_0", enter("SYSCALL_EXECVE_14_E"), "SYSCALL_EXECVE_14_X", 14, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_15_E_0_to_16_E_0", enter("SYSCALL_EXECVE_15_E"), "SYSCALL_EXECVE_15_X", 15, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_16_E_0_to_17_E_0", enter("SYSCALL_EXECVE_16_E"), "SYSCALL_EXECVE_16_X", 16, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_17_E_0_to_18_E_1", enter("SYSCALL_EXECVE_17_E"), "SYSCALL_EXECVE_17_X", 17, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_18_E_1_to_19_E_1", enter("SYSCALL_EXECVE_18_E", "filename"), "SYSCALL_EXECVE_18_X", 17, "SYSCALL_EXECVE_19_X", "execve"),
		procCase("PPME_SYSCALL_EXECVE_19_E_1_store_and_pass", enter("SYSCALL_EXECVE_19_E", "filename"), "SYSCALL_EXECVE_19_X", 18, "SYSCALL_EXECVE_19_X", "execve"),

		procCase("PPME_SYSCALL_CLONE_11_X_11_to_16_X_16_params_no_enter", nil, "SYSCALL_CLONE_11_X", 11, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_16_X_16_to_17_X_17_params_no_enter", nil, "SYSCALL_CLONE_16_X", 16, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_17_X_17_to_20_X_20_params_no_enter", nil, "SYSCALL_CLONE_17_X", 17, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_20_X_20_to_21_params_no_enter", nil, "SYSCALL_CLONE_20_X", 20, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_11_E_0_drop", enter("SYSCALL_CLONE_11_E"), "SYSCALL_CLONE_11_X", 11, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_16_E_0_drop", enter("SYSCALL_CLONE_16_E"), "SYSCALL_CLONE_16_X", 16, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_17_E_0_drop", enter("SYSCALL_CLONE_17_E"), "SYSCALL_CLONE_17_X", 17, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_CLONE_20_E_0_drop", enter("SYSCALL_CLONE_20_E"), "SYSCALL_CLONE_20_X", 20, "SYSCALL_CLONE_20_X", "clone"),
		procCase("PPME_SYSCALL_FORK_X_16_to_17_X_17_params_no_enter", nil, "SYSCALL_FORK_X", 16, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_FORK_17_X_17_to_20_X_20_params_no_enter", nil, "SYSCALL_FORK_17_X", 17, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_FORK_20_X_20_to_21_params_no_enter", nil, "SYSCALL_FORK_20_X", 20, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_FORK_E_0_drop", enter("SYSCALL_FORK_E"), "SYSCALL_FORK_X", 16, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_FORK_17_E_0_drop", enter("SYSCALL_FORK_17_E"), "SYSCALL_FORK_17_X", 17, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_FORK_20_E_0_drop", enter("SYSCALL_FORK_20_E"), "SYSCALL_FORK_20_X", 20, "SYSCALL_FORK_20_X", "fork"),
		procCase("PPME_SYSCALL_VFORK_X_16_to_17_X_17_params_no_enter", nil, "SYSCALL_VFORK_X", 16, "SYSCALL_VFORK_20_X", "vfork"),
		procCase("PPME_SYSCALL_VFORK_17_X_17_to_20_X_20_params_no_enter", nil, "SYSCALL_VFORK_17_X", 17, "SYSCALL_VFORK_20_X", "vfork"),
		procCase("PPME_SYSCALL_VFORK_20_X_20_to_21_params_no_enter", nil, "SYSCALL_VFORK_20_X", 20, "SYSCALL_VFORK_20_X", "vfork"),
		procCase("PPME_SYSCALL_VFORK_E_0_drop", enter("SYSCALL_VFORK_E"), "SYSCALL_VFORK_X", 16, "SYSCALL_VFORK_20_X", "vfork"),
		procCase("PPME_SYSCALL_VFORK_17_E_0_drop", enter("SYSCALL_VFORK_17_E"), "SYSCALL_VFORK_17_X", 17, "SYSCALL_VFORK_20_X", "vfork"),
		procCase("PPME_SYSCALL_VFORK_20_E_0_drop", enter("SYSCALL_VFORK_20_E"), "SYSCALL_VFORK_20_X", 20, "SYSCALL_VFORK_20_X", "vfork"),

		procCase("PPME_SYSCALL_EXECVEAT_X_19_to_30_params_no_enter", nil, "SYSCALL_EXECVEAT_X", 19, "SYSCALL_EXECVEAT_X", "execveat"),
		// The converter passes the execveat enter event as it is and
		// leaves the old exit's flags empty: the enter's AT_* flags are
		// not the exit's PPM_EXE_* flags.
		withEnter(procCase("PPME_SYSCALL_EXECVEAT_E_3_pass", nil, "SYSCALL_EXECVEAT_X", 19, "SYSCALL_EXECVEAT_X", "execveat"),
			enter("SYSCALL_EXECVEAT_E", 50, "pathname", 51)),
		procCase("PPME_SYSCALL_CLONE3_X_20_to_21_params_no_enter", nil, "SYSCALL_CLONE3_X", 20, "SYSCALL_CLONE3_X", "clone3"),
		procCase("PPME_SYSCALL_CLONE3_E_0_drop", enter("SYSCALL_CLONE3_E"), "SYSCALL_CLONE3_X", 20, "SYSCALL_CLONE3_X", "clone3"),
	}
	for i := range cases {
		c := &cases[i]
		t.Run(c.name, func(t *testing.T) {
			got := readConverted(t, c)
			checkConverted(t, c, &got)
		})
	}
}

// TestExitZeroesResolve checks that every parameter exitZeroes names is a
// parameter of the exit event's catalogue type, so that none is dropped
// by a misspelling. The old accept4 exits are named accept, which has no
// flags (docs/scap.md, "Known differences").
func TestExitZeroesResolve(t *testing.T) {
	for enum, names := range exitZeroes {
		em := &eventMaps[scapIDOf(enum)]
		for _, name := range names {
			if enum == "SOCKET_ACCEPT4_X" || enum == "SOCKET_ACCEPT4_5_X" {
				if name == "flags" {
					continue
				}
			}
			slot := em.typ.Info().Param(name)
			if slot < 0 {
				t.Errorf("PPME_%s: %s is not a parameter of %s", enum, name, em.typ)
				continue
			}
			if em.zeroes&(1<<uint(slot)) == 0 {
				t.Errorf("PPME_%s: %s is not zeroed", enum, name)
			}
		}
	}
}
