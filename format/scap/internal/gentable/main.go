// Command gentable writes format/scap/table_gen.go: scap's event table (every
// PPME_* event id with its name and parameters) and the portable syscall
// names (PPM_SC_*), as facts taken from a checkout of falcosecurity/libs.
//
// Usage, from format/scap:
//
//	git -C LIBS show REV:driver/event_table.c > /tmp/event_table.c
//	git -C LIBS show REV:driver/ppm_events_public.h > /tmp/ppm_events_public.h
//	go run ./internal/gentable -table /tmp/event_table.c -header /tmp/ppm_events_public.h \
//		-native $(go env GOMODCACHE)/golang.org/x/sys@VERSION/unix/zsysnum_linux_amd64.go -rev REV
//
// It reads the C sources as text; nothing of them is copied but the names
// and numbers. -native takes golang.org/x/sys/unix's zsysnum_linux_amd64.go
// for the x86-64 syscall numbers.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	table := flag.String("table", "", "path of driver/event_table.c")
	header := flag.String("header", "", "path of driver/ppm_events_public.h")
	native := flag.String("native", "", "path of golang.org/x/sys/unix/zsysnum_linux_amd64.go (x86-64 syscall numbers)")
	rev := flag.String("rev", "", "libs revision the files come from, for the header comment")
	out := flag.String("o", "table_gen.go", "output file")
	flag.Parse()
	if err := run(*table, *header, *native, *rev, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gentable:", err)
		os.Exit(1)
	}
}

type param struct{ name, typ string }

type event struct {
	id     int
	enum   string
	name   string
	flags  string
	params []param
}

var (
	reEnumBlock = regexp.MustCompile(`(?s)typedef enum \{\s*(PPME_GENERIC_E = 0,.*?)\} ppm_event_code;`)
	reEnumItem  = regexp.MustCompile(`(PPME_\w+)\s*=\s*(\d+)`)
	reParamType = regexp.MustCompile(`(?s)enum ppm_param_type \{(.*?)\};`)
	rePTItem    = regexp.MustCompile(`(PT_\w+)\s*=\s*(\d+)`)
	reSC        = regexp.MustCompile(`PPM_SC_X\((\w+),\s*(\d+)\)`)
	reSys       = regexp.MustCompile(`SYS_(\w+)\s*=\s*(\d+)`)
	reEntry     = regexp.MustCompile(`\n\s*\[(PPME_\w+)\]\s*=\s*`)
	reHead      = regexp.MustCompile(`^\{\s*"([^"]*)",\s*([^,]+),\s*(.+?),\s*(\d+)\s*[,}]`)
	reParam     = regexp.MustCompile(`\{\s*"([^"]+)",\s*(PT_\w+),\s*(PF_\w+)`)
)

// ptNames maps Falco's ppm_param_type names onto format's constants.
var ptNames = map[string]string{
	"PT_NONE": "PTNone", "PT_INT8": "PTInt8", "PT_INT16": "PTInt16", "PT_INT32": "PTInt32",
	"PT_INT64": "PTInt64", "PT_UINT8": "PTUint8", "PT_UINT16": "PTUint16", "PT_UINT32": "PTUint32",
	"PT_UINT64": "PTUint64", "PT_CHARBUF": "PTCharBuf", "PT_BYTEBUF": "PTByteBuf",
	"PT_ERRNO": "PTErrno", "PT_SOCKADDR": "PTSockAddr", "PT_SOCKTUPLE": "PTSockTuple",
	"PT_FD": "PTFD", "PT_PID": "PTPID", "PT_FDLIST": "PTFDList", "PT_FSPATH": "PTFSPath",
	"PT_SYSCALLID": "PTSyscallID", "PT_SIGTYPE": "PTSigType", "PT_RELTIME": "PTRelTime",
	"PT_ABSTIME": "PTAbsTime", "PT_PORT": "PTPort", "PT_L4PROTO": "PTL4Proto",
	"PT_SOCKFAMILY": "PTSockFamily", "PT_BOOL": "PTBool", "PT_IPV4ADDR": "PTIPv4Addr",
	"PT_DYN": "PTDyn", "PT_FLAGS8": "PTFlags8", "PT_FLAGS16": "PTFlags16", "PT_FLAGS32": "PTFlags32",
	"PT_UID": "PTUID", "PT_GID": "PTGID", "PT_DOUBLE": "PTDouble", "PT_SIGSET": "PTSigSet",
	"PT_CHARBUFARRAY": "PTCharBufList", "PT_IPV6ADDR": "PTIPv6Addr", "PT_IPADDR": "PTIPAddr",
	"PT_MODE": "PTMode", "PT_FSRELPATH": "PTFSRelPath", "PT_ENUMFLAGS8": "PTEnumFlags8",
	"PT_ENUMFLAGS16": "PTEnumFlags16", "PT_ENUMFLAGS32": "PTEnumFlags32",
}

func run(tablePath, headerPath, nativePath, rev, out string) error {
	if tablePath == "" || headerPath == "" || nativePath == "" {
		return errors.New("need -table, -header and -native")
	}
	nat, err := os.ReadFile(nativePath)
	if err != nil {
		return err
	}
	tbl, err := os.ReadFile(tablePath)
	if err != nil {
		return err
	}
	hdr, err := os.ReadFile(headerPath)
	if err != nil {
		return err
	}

	m := reEnumBlock.FindSubmatch(hdr)
	if m == nil {
		return errors.New("no ppm_event_code enum in header")
	}
	ids := map[string]int{}
	for _, it := range reEnumItem.FindAllSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(string(it[2]))
		ids[string(it[1])] = n
	}
	ptNum := map[string]int{}
	if pm := reParamType.FindSubmatch(hdr); pm != nil {
		for _, it := range rePTItem.FindAllSubmatch(pm[1], -1) {
			n, _ := strconv.Atoi(string(it[2]))
			ptNum[string(it[1])] = n
		}
	}
	mm := regexp.MustCompile(`PPM_EVENT_MAX\s*=\s*(\d+)`).FindSubmatch(m[1])
	if mm == nil {
		return errors.New("no PPM_EVENT_MAX in header")
	}
	max, _ := strconv.Atoi(string(mm[1]))
	if max == 0 {
		return errors.New("no PPM_EVENT_MAX in header")
	}

	body := tbl[bytes.Index(tbl, []byte("g_event_info[] = {")):]
	locs := reEntry.FindAllSubmatchIndex(body, -1)
	events := make([]*event, max)
	for i, loc := range locs {
		end := len(body)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		enum := string(body[loc[2]:loc[3]])
		text := strings.Join(strings.Fields(string(body[loc[1]:end])), " ")
		h := reHead.FindStringSubmatch(text)
		if h == nil {
			return fmt.Errorf("cannot parse entry %s: %.80s", enum, text)
		}
		n, _ := strconv.Atoi(h[4])
		ev := &event{enum: enum, name: h[1], flags: h[3]}
		id, ok := ids[enum]
		if !ok || id >= max {
			return fmt.Errorf("entry %s has no id", enum)
		}
		ev.id = id
		for _, p := range reParam.FindAllStringSubmatch(text[len(h[0]):], -1) {
			if len(ev.params) == n {
				break
			}
			if _, ok := ptNames[p[2]]; !ok {
				n, ok := ptNum[p[2]]
				if !ok {
					return fmt.Errorf("%s: unknown parameter type %s", enum, p[2])
				}
				ptNames[p[2]] = fmt.Sprintf("ParamType(%d)", n)
			}
			ev.params = append(ev.params, param{p[1], p[2]})
		}
		if len(ev.params) != n {
			return fmt.Errorf("%s: found %d of %d parameters", enum, len(ev.params), n)
		}
		events[id] = ev
	}
	for id, ev := range events {
		if ev == nil {
			return fmt.Errorf("event id %d has no table entry", id)
		}
	}
	for pt := range ptNames {
		if _, ok := ptNum[pt]; !ok {
			return fmt.Errorf("parameter type %s is not in the header", pt)
		}
	}

	var sc []struct {
		id   int
		name string
	}
	for _, it := range reSC.FindAllSubmatch(hdr, -1) {
		n, _ := strconv.Atoi(string(it[2]))
		sc = append(sc, struct {
			id   int
			name string
		}{n, strings.ToLower(string(it[1]))})
	}
	sort.Slice(sc, func(i, j int) bool { return sc[i].id < sc[j].id })

	var b bytes.Buffer
	natSrc := nativePath
	if i := strings.Index(natSrc, "golang.org/x/sys@"); i >= 0 {
		natSrc = natSrc[i:]
	}
	fmt.Fprintf(&b, "// Code generated by internal/gentable from falcosecurity/libs %s (driver/event_table.c, driver/ppm_events_public.h) and %s; DO NOT EDIT.\n\n", rev, natSrc)
	fmt.Fprintf(&b, "package scap\n\nimport \"github.com/peregrine-sec/peregrine/format\"\n\n")
	fmt.Fprintf(&b, "// numScapEvents is PPM_EVENT_MAX: event ids at or above it are unknown.\nconst numScapEvents = %d\n\n", max)
	fmt.Fprintf(&b, "// scapEvents is scap's event table, indexed by PPME_* id (even ids enter,\n// odd ids exit): the event's name and its parameters in file order.\n")
	fmt.Fprintf(&b, "var scapEvents = [numScapEvents]scapEvent{\n")
	for _, ev := range events {
		var fl []string
		if strings.Contains(ev.flags, "EF_LARGE_PAYLOAD") {
			fl = append(fl, "evLarge")
		}
		if strings.Contains(ev.flags, "EF_UNUSED") || ev.name == "NA" {
			fl = append(fl, "evUnused")
		}
		if strings.Contains(ev.flags, "EF_OLD_VERSION") {
			fl = append(fl, "evOld")
		}
		if strings.Contains(ev.flags, "EF_SKIPPARSERESET") {
			fl = append(fl, "evSkipReset")
		}
		flags := "0"
		if len(fl) > 0 {
			flags = strings.Join(fl, " | ")
		}
		fmt.Fprintf(&b, "\t%d: {%q, %q, %s, []scapParam{", ev.id, ev.enum[len("PPME_"):], ev.name, flags)
		for i, p := range ev.params {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{%q, format.%s}", p.name, ptNames[p.typ])
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// syscallNames are the portable syscall names (PPM_SC_*), indexed by the\n// ID parameter of generic \"syscall\" events.\n")
	fmt.Fprintf(&b, "var syscallNames = [...]string{\n")
	for _, s := range sc {
		fmt.Fprintf(&b, "\t%d: %q,\n", s.id, s.name)
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// amd64SyscallNames are the x86-64 syscall numbers' names (from\n// golang.org/x/sys/unix), for generic events whose portable ID is 0.\n")
	fmt.Fprintf(&b, "var amd64SyscallNames = [...]string{\n")
	var natives []struct {
		id   int
		name string
	}
	for _, it := range reSys.FindAllSubmatch(nat, -1) {
		n, _ := strconv.Atoi(string(it[2]))
		natives = append(natives, struct {
			id   int
			name string
		}{n, strings.ToLower(string(it[1]))})
	}
	if len(natives) < 300 {
		return fmt.Errorf("only %d syscalls in %s", len(natives), nativePath)
	}
	sort.Slice(natives, func(i, j int) bool { return natives[i].id < natives[j].id })
	for _, s := range natives {
		fmt.Fprintf(&b, "\t%d: %q,\n", s.id, s.name)
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format output: %w", err)
	}
	return os.WriteFile(out, src, 0o644)
}
