package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Codes of diagnostics. They are Falco's load result codes where Falco has
// one, so people and scripts that know Falco's messages find theirs.
const (
	// Errors.
	CodeFileRead         = "LOAD_ERR_FILE_READ"
	CodeYAMLParse        = "LOAD_ERR_YAML_PARSE"
	CodeYAMLValidate     = "LOAD_ERR_YAML_VALIDATE"
	CodeCompileCondition = "LOAD_ERR_COMPILE_CONDITION"
	CodeCompileOutput    = "LOAD_ERR_COMPILE_OUTPUT"
	CodeValidate         = "LOAD_ERR_VALIDATE"

	// Warnings.
	CodeUnknownSource        = "LOAD_UNKNOWN_SOURCE"
	CodeUnsafeNACheck        = "LOAD_UNSAFE_NA_CHECK"
	CodeNoEvtType            = "LOAD_NO_EVTTYPE"
	CodeUnknownFilter        = "LOAD_UNKNOWN_FILTER"
	CodeUnusedMacro          = "LOAD_UNUSED_MACRO"
	CodeUnusedList           = "LOAD_UNUSED_LIST"
	CodeUnknownItem          = "LOAD_UNKNOWN_ITEM"
	CodeDeprecatedItem       = "LOAD_DEPRECATED_ITEM"
	CodeAppendNoValues       = "LOAD_APPEND_NO_VALUES"
	CodeExceptionNotUnique   = "LOAD_EXCEPTION_NAME_NOT_UNIQUE"
	CodeInvalidMacroName     = "LOAD_INVALID_MACRO_NAME"
	CodeInvalidListName      = "LOAD_INVALID_LIST_NAME"
	CodeCompileConditionWarn = "LOAD_COMPILE_CONDITION"
	CodeUnknownKey           = "LOAD_UNKNOWN_KEY"

	// Information, printed only when asked for (rules validate -v).
	CodeNotApplicable = "LOAD_NOT_APPLICABLE"
)

// Severity says how bad a diagnostic is.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Item kinds a diagnostic may name.
const (
	KindRule          = "rule"
	KindMacro         = "macro"
	KindList          = "list"
	KindEngineVersion = "required_engine_version"
	KindPluginVersion = "required_plugin_versions"
	KindException     = "exception"
	KindItem          = "item"
	KindFilter        = "filter"
	KindFormat        = "format"
)

// Diagnostic is one error, warning or note about rules content: where it
// is (file, 1-based line and column), which item (kind and name), what is
// wrong, and the offending source line with a caret under the column. It is
// a plain value: safe to read concurrently.
type Diagnostic struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"column,omitempty"`
	ItemKind string   `json:"item_kind,omitempty"`
	ItemName string   `json:"item_name,omitempty"`
	Message  string   `json:"message"`
	Snippet  string   `json:"snippet,omitempty"`
}

// String renders the diagnostic like a compiler message:
//
//	rules.yaml:12:17: error: LOAD_ERR_COMPILE_CONDITION: rule "Shell in container": unknown field proc.nme
//	   12 |   condition: proc.nme = bash
//	      |              ^
func (d *Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
		}
		b.WriteString(": ")
	}
	b.WriteString(string(d.Severity))
	b.WriteString(": ")
	b.WriteString(d.Code)
	b.WriteString(": ")
	if d.ItemKind != "" {
		b.WriteString(d.ItemKind)
		if d.ItemName != "" {
			fmt.Fprintf(&b, " %q", d.ItemName)
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Snippet != "" {
		b.WriteByte('\n')
		b.WriteString(d.Snippet)
	}
	return b.String()
}

// Error makes a Diagnostic usable as an error.
func (d *Diagnostic) Error() string { return d.String() }

// Unwrap returns ErrLoad for errors, so errors.Is(err, ErrLoad) holds.
func (d *Diagnostic) Unwrap() error {
	if d.Severity == SeverityError {
		return ErrLoad
	}
	return nil
}

// Diagnostics is what loading and compiling report, in the order found.
type Diagnostics []*Diagnostic

// Err returns nil when no diagnostic is an error, else an error that
// lists the errors and wraps ErrLoad.
func (ds Diagnostics) Err() error {
	var errs []error
	for _, d := range ds {
		if d.Severity == SeverityError {
			errs = append(errs, d)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// Errors returns the diagnostics that are errors.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(SeverityError) }

// Warnings returns the diagnostics that are warnings.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(SeverityWarning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file (in first-seen order), line and column,
// keeping the order of those at the same place.
func (ds Diagnostics) Sort() {
	fileRank := map[string]int{}
	for _, d := range ds {
		if _, ok := fileRank[d.File]; !ok {
			fileRank[d.File] = len(fileRank)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if fileRank[a.File] != fileRank[b.File] {
			return fileRank[a.File] < fileRank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// srcFile is a loaded file's text, kept for positions and snippets.
type srcFile struct {
	name  string
	data  []byte
	lines []int // byte offset of the start of each line
}

func newSrcFile(name string, data []byte) *srcFile {
	f := &srcFile{name: name, data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// lineCol converts a byte offset to a 1-based line and column.
func (f *srcFile) lineCol(off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(f.data) {
		off = len(f.data)
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	return i + 1, off - f.lines[i] + 1
}

// offset converts a 1-based line and column to a byte offset.
func (f *srcFile) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return len(f.data)
	}
	off := f.lines[line-1] + col - 1
	if off > len(f.data) {
		off = len(f.data)
	}
	return off
}

// maxSnippetLine bounds how much of a source line a snippet shows.
const maxSnippetLine = 160

// snippet returns the source line at line with a caret under col,
// prefixed with the line number, as a compiler prints it. Long lines are
// cut around the column.
func (f *srcFile) snippet(line, col int) string {
	if f == nil || line < 1 || line > len(f.lines) {
		return ""
	}
	start := f.lines[line-1]
	end := len(f.data)
	if line < len(f.lines) {
		end = f.lines[line] - 1
	}
	text := strings.TrimRight(string(f.data[start:end]), "\r")
	text = strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, text)
	c := col - 1
	if c < 0 {
		c = 0
	}
	if c > len(text) {
		c = len(text)
	}
	prefix := ""
	if len(text) > maxSnippetLine {
		from := c - maxSnippetLine/2
		if from < 0 {
			from = 0
		}
		to := from + maxSnippetLine
		if to > len(text) {
			to = len(text)
			from = to - maxSnippetLine
		}
		if from > 0 {
			prefix = "..."
		}
		text = prefix + text[from:to]
		if to < end-start {
			text += "..."
		}
		c = c - from + len(prefix)
	}
	num := fmt.Sprintf("%5d | ", line)
	pad := strings.Repeat(" ", len(num)-2) + "| "
	return num + text + "\n" + pad + strings.Repeat(" ", c) + "^"
}
