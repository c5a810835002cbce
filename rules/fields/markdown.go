package fields

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// classes names the field classes in the order docs/fields.md lists them,
// with a line on each.
var classes = []struct{ prefix, title, about string }{
	{"evt.", "evt: the event", "The event itself: its number, time, type, parameters and result."},
	{"syscall.", "syscall: the system call", "The system call behind a syscall event."},
	{"fd.", "fd: the file descriptor", "The file descriptor the event uses or creates, with what Peregrine knows of it: path, socket ends, type."},
	{"fs.", "fs.path: filesystem paths", "The paths a filesystem syscall works on, whether or not it uses a file descriptor."},
	{"proc.", "proc: the process", "The process (thread group) that made the event, its ancestors, session and executable."},
	{"thread.", "thread: the thread", "The thread that made the event."},
	{"user.", "user: the user", "The effective user of the thread."},
	{"group.", "group: the group", "The effective group of the thread."},
	{"container.", "container: the container", "The container the process runs in; 'host' outside containers."},
	{"k8s.", "k8s: Kubernetes", "Kubernetes pod metadata, when the container runtime provided it."},
}

// WriteMarkdown writes the catalogue as the Markdown reference in
// docs/fields.md: a section per field class with a table of name, type,
// argument and description.
func (c *Catalogue) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Filter fields\n\n")
	fmt.Fprintf(bw, "<!-- Generated from rules/fields by `peregrine fields --markdown` (make docs). Do not edit. -->\n\n")
	fmt.Fprintf(bw, "The fields rule conditions, outputs and `peregrine dump -p` formats can use: %d in all. ", c.Len())
	fmt.Fprintf(bw, "Names, types and meanings are Falco's, so rules written for Falco keep working.\n\n")
	fmt.Fprintf(bw, "- A field with an argument is written `name[arg]` (`proc.aname[2]`, `container.mount.dest[/etc]`); ")
	fmt.Fprintf(bw, "fields marked *dotted* also accept `name.arg` (`evt.arg.flags`).\n")
	fmt.Fprintf(bw, "- *list* fields have several values per event: comparisons hold when any value matches; ")
	fmt.Fprintf(bw, "*set* fields take only `in`, `intersects` and `exists`.\n")
	fmt.Fprintf(bw, "- *conditions only* fields cannot be printed in outputs.\n")
	fmt.Fprintf(bw, "- A field with no value for an event prints as `<NA>` and matches no comparison except `exists` being false.\n\n")
	seen := 0
	for _, cl := range classes {
		var rows []*Field
		for i := range c.fields {
			if strings.HasPrefix(c.fields[i].Name, cl.prefix) {
				rows = append(rows, &c.fields[i])
			}
		}
		if len(rows) == 0 {
			continue
		}
		seen += len(rows)
		fmt.Fprintf(bw, "## %s\n\n%s\n\n", cl.title, cl.about)
		fmt.Fprintf(bw, "| Field | Type | Argument | Description |\n|---|---|---|---|\n")
		for _, f := range rows {
			fmt.Fprintf(bw, "| `%s` | %s | %s | %s |\n", f.Name, f.Type, argCell(f), mdEscape(descCell(f)))
		}
		fmt.Fprintf(bw, "\n")
	}
	if seen != c.Len() {
		return fmt.Errorf("fields: %d fields belong to no documented class", c.Len()-seen)
	}
	return bw.Flush()
}

func argCell(f *Field) string {
	s := f.Arg.String()
	if f.Has(DotArg) {
		s += ", dotted"
	}
	return s
}

func descCell(f *Field) string {
	var notes []string
	if f.List && f.Has(SetOps) {
		notes = append(notes, "set")
	} else if f.List {
		notes = append(notes, "list")
	}
	if f.Has(FilterOnly) {
		notes = append(notes, "conditions only")
	}
	if f.Has(Deprecated) {
		notes = append(notes, "deprecated")
	}
	if len(f.EventTypes) > 0 {
		notes = append(notes, "events: "+strings.Join(f.EventTypes, ", "))
	}
	if len(notes) == 0 {
		return f.Desc
	}
	return f.Desc + " *(" + strings.Join(notes, "; ") + ")*"
}

func mdEscape(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
