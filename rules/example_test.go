package rules_test

import (
	"fmt"

	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// event is what an analyzer hands to extractors; here, a map of values.
type event map[string]string

// source binds fields to lookups in an event. The analyzer (package
// replay) provides the real one, over its process and fd state.
type source struct{}

func (source) Bind(f *fields.Field, arg string) (fields.Extractor, error) {
	key := f.Name
	if arg != "" {
		key += "[" + arg + "]"
	}
	return func(ev fields.Event) fields.Value {
		s, ok := ev.(event)[key]
		return fields.Value{OK: ok, Str: s}
	}, nil
}

var types = []string{"execve", "openat"}

const rulesYAML = `
- list: shells
  items: [bash, sh, zsh]
- macro: spawned
  condition: evt.type in (execve, execveat)
- rule: Shell spawned
  desc: a shell was started
  condition: spawned and proc.name in (shells)
  output: "Shell spawned (user=%user.name command=%proc.cmdline container=%container.id)"
  priority: WARNING
  tags: [shell, T1059]
`

func Example() {
	set, diags := rules.Load(rules.File{Name: "my_rules.yaml", Data: []byte(rulesYAML)})
	if err := diags.Err(); err != nil {
		fmt.Println(err)
		return
	}
	eng, diags := rules.Compile(set, &rules.Options{Values: source{}, EventTypes: types})
	if err := diags.Err(); err != nil {
		fmt.Println(err)
		return
	}
	ev := eng.NewEvaluator()
	e := event{"evt.type": "execve", "proc.name": "bash", "user.name": "root", "proc.cmdline": "bash -i"}
	for _, r := range ev.Eval(0, e) { // 0: the index of "execve" in types
		fmt.Printf("%s: %s\n", r.Priority, r.FormatOutput(e, nil))
		fmt.Println(r.OutputFields(e)["user.name"])
	}
	fmt.Println(len(ev.Eval(1, event{"evt.type": "openat", "proc.name": "bash"})), "alerts for openat")
	// Output:
	// Warning: Shell spawned (user=root command=bash -i container=<NA>)
	// root
	// 0 alerts for openat
}

func ExampleCompileFilter() {
	f, err := rules.CompileFilter(`proc.name in (cat, less) and fd.name startswith /etc/`, nil,
		&rules.Options{Values: source{}, EventTypes: types})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Match(event{"proc.name": "cat", "fd.name": "/etc/shadow"}))
	fmt.Println(f.Match(event{"proc.name": "cat", "fd.name": "/tmp/x"}))

	_, err = rules.CompileFilter("proc.nmae = cat", nil, nil)
	fmt.Println(err)
	// Output:
	// true
	// false
	// rules: condition 1:1: nonexistent field proc.nmae (did you mean proc.name?)
	//     1 | proc.nmae = cat
	//       | ^
}

func ExampleFilter_MatchType() {
	f, err := rules.CompileFilter(`evt.type = openat and fd.name startswith /etc/`, nil,
		&rules.Options{Values: source{}, EventTypes: types})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The analyzer knows each event's type: with it, evt.type is decided
	// before the event comes, and an execve is no match at once.
	fmt.Println(f.MatchType(1, event{"fd.name": "/etc/shadow"})) // 1: openat
	fmt.Println(f.MatchType(0, event{"fd.name": "/etc/shadow"})) // 0: execve
	// Output:
	// true
	// false
}

func ExampleCompileFormat() {
	f, err := rules.CompileFormat("%evt.type %proc.name %12fd.name|", &rules.Options{Values: source{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(f.Render(event{"evt.type": "openat", "proc.name": "cat", "fd.name": "/etc/passwd"}, nil)))
	fmt.Println(f.Fields())
	// Output:
	// openat cat /etc/passwd |
	// [evt.type proc.name fd.name]
}

func ExampleParsePriority() {
	p, _ := rules.ParsePriority("info")
	fmt.Println(p, p < rules.Warning)
	_, err := rules.ParsePriority("urgent")
	fmt.Println(err)
	// Output:
	// Informational false
	// rules: bad priority: unknown priority "urgent": expected one of emergency, alert, critical, error, warning, notice, informational (info), debug
}

func ExampleDiagnostic_String() {
	_, diags := rules.Load(rules.File{Name: "r.yaml", Data: []byte("- rule: R\n  desc: d\n  condition: evt.type = open\n  priority: debug\n")})
	fmt.Println(diags[0])
	// Output:
	// r.yaml:1:3: error: LOAD_ERR_YAML_VALIDATE: rule "R": item has no mapping for key 'output'
	//     1 | - rule: R
	//       |   ^
}
