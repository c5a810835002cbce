package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"testing"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// testEvent is the test double of the analyzer's evaluation context: a
// bag of field values keyed by field reference (name or name[arg]).
type testEvent struct {
	vals map[string]fields.Value
}

// testSource binds fields to lookups in a testEvent. It is the test
// double of replay's field extraction.
type testSource struct{}

func (testSource) Bind(f *fields.Field, arg string) (fields.Extractor, error) {
	key := f.Name
	if arg != "" {
		key += "[" + arg + "]"
	}
	return func(ev fields.Event) fields.Value {
		return ev.(*testEvent).vals[key]
	}, nil
}

// mkEvent builds an event from key, value pairs. Values are typed by the
// field: strings, ints, bools, netip.Addr and []string for lists.
func mkEvent(t testing.TB, kv ...any) *testEvent {
	t.Helper()
	ev := &testEvent{vals: map[string]fields.Value{}}
	for i := 0; i+1 < len(kv); i += 2 {
		key := kv[i].(string)
		var v fields.Value
		v.OK = true
		switch x := kv[i+1].(type) {
		case string:
			v.Str = x
		case int:
			v.Int = int64(x)
		case int64:
			v.Int = x
		case uint64:
			v.Int = int64(x)
		case bool:
			if x {
				v.Int = 1
			}
		case netip.Addr:
			v.IP = x
		case []string:
			v.List = x
		case []byte:
			v.Raw = x
		case nil:
			v.OK = false
		default:
			t.Fatalf("mkEvent: %s: unsupported value %T", key, x)
		}
		ev.vals[key] = v
	}
	return ev
}

// testTypes is the event type table tests index rules by: Falco's names,
// sorted.
var testTypes = func() []string {
	var out []string
	for n := range falcoEventCodes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}()

func typeIndex(t testing.TB, name string) int {
	t.Helper()
	for i, n := range testTypes {
		if n == name {
			return i
		}
	}
	t.Fatalf("no event type %q", name)
	return -1
}

func testOptions() *Options {
	return &Options{Values: testSource{}, EventTypes: testTypes}
}

// loadString loads one rules file given as text and fails the test on
// load errors.
func loadString(t testing.TB, name, yaml string) *Set {
	t.Helper()
	s, d := Load(File{Name: name, Data: []byte(yaml)})
	if err := d.Err(); err != nil {
		t.Fatalf("load: %v", err)
	}
	return s
}

func compileString(t testing.TB, yaml string, opts *Options) *Engine {
	t.Helper()
	s := loadString(t, "test.yaml", yaml)
	e, d := Compile(s, opts)
	if err := d.Err(); err != nil {
		t.Fatalf("compile: %v", err)
	}
	return e
}

func ruleNames(rs []*Rule) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return fmt.Sprint(out)
}
