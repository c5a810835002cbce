package output

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Format says how alerts are rendered. The zero value is Falco's default:
// text lines with the local time of day.
//
// A Format is read-only once in use and safe for concurrent use.
type Format struct {
	// JSON renders alerts as one JSON object a line (json_output).
	JSON bool
	// ISO8601 prints the time as 2024-05-06T07:08:09.123456789+0000 in text
	// alerts instead of the local time of day (time_format_iso_8601). JSON
	// alerts always carry a UTC ISO 8601 time.
	ISO8601 bool
	// OmitOutput leaves the "output" property out of JSON alerts
	// (json_include_output_property: false).
	OmitOutput bool
	// OmitTags leaves the "tags" property out of JSON alerts
	// (json_include_tags_property: false).
	OmitTags bool
	// OmitOutputFields leaves the "output_fields" property out of JSON
	// alerts (json_include_output_fields_property: false).
	OmitOutputFields bool
	// Message adds a "message" property with the rule's message alone,
	// without time and priority (json_include_message_property).
	Message bool
	// Location is the time zone of text alerts' time of day; nil means
	// time.Local.
	Location *time.Location
}

// Append appends the rendering of a to dst, without a trailing newline.
func (f *Format) Append(dst []byte, a *Alert) []byte {
	if f != nil && f.JSON {
		return f.AppendJSON(dst, a)
	}
	return f.AppendText(dst, a)
}

// AppendText appends a as Falco's text line:
//
//	12:43:52.640375428: Warning File below /etc opened for writing (user=root ...)
//
// Control characters and quotes in the line are escaped as in a JSON string
// (a newline becomes \n) and invalid UTF-8 becomes U+FFFD, as Falco does, so
// event data cannot forge extra lines in a log.
//
// An internal message (Source SourceInternal) reads as Falco's: the
// message, then its output fields as key=value in key order, values in
// JSON; control characters are escaped, quotes kept. Its time follows
// ISO8601 as the alerts' do (Falco always writes the time of day there).
func (f *Format) AppendText(dst []byte, a *Alert) []byte {
	if a.Source == SourceInternal {
		return f.appendInternalText(dst, a)
	}
	var tmp [64]byte
	prefix := f.appendTime(tmp[:0], a.Time)
	prefix = append(prefix, ": "...)
	dst = appendEscaped(dst, prefix)
	dst = appendEscapedString(dst, a.Priority.String())
	dst = append(dst, ' ')
	return appendEscapedString(dst, a.Output)
}

func (f *Format) appendInternalText(dst []byte, a *Alert) []byte {
	dst = f.appendTime(dst, a.Time)
	dst = append(dst, ": "...)
	dst = append(dst, a.Priority.String()...)
	dst = append(dst, ' ')
	dst = appendEsc(dst, a.Output, false)
	if len(a.OutputFields) == 0 {
		return dst
	}
	dst = append(dst, " ("...)
	var val []byte
	for i, k := range slices.Sorted(maps.Keys(a.OutputFields)) {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = appendEsc(dst, k, false)
		dst = append(dst, '=')
		val = appendJSONValue(val[:0], a.OutputFields[k])
		dst = appendEsc(dst, val, false)
	}
	return append(dst, ')')
}

func (f *Format) appendTime(dst []byte, ns int64) []byte {
	t := time.Unix(0, ns)
	if f != nil && f.ISO8601 {
		t = t.UTC()
		dst = t.AppendFormat(dst, "2006-01-02T15:04:05")
		dst = appendNanos(dst, ns)
		return append(dst, "+0000"...)
	}
	loc := time.Local
	if f != nil && f.Location != nil {
		loc = f.Location
	}
	dst = t.In(loc).AppendFormat(dst, "15:04:05")
	return appendNanos(dst, ns)
}

// appendNanos appends ".nnnnnnnnn", the sub-second part of ns.
func appendNanos(dst []byte, ns int64) []byte {
	frac := ns % 1e9
	if frac < 0 {
		frac += 1e9
	}
	var buf [10]byte
	buf[0] = '.'
	for i := 9; i >= 1; i-- {
		buf[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(dst, buf[:]...)
}

// AppendJSON appends a as Falco's JSON alert: an object with the keys
// hostname, output, output_fields, priority, rule, source, tags and time,
// in that (sorted) order, time in UTC ISO 8601. An internal message has
// Falco's keys for one, whatever the options: hostname, output (the
// message alone), output_fields (as given), priority, rule, source and
// time.
func (f *Format) AppendJSON(dst []byte, a *Alert) []byte {
	var ff Format
	if f != nil {
		ff = *f
	}
	if a.Source == SourceInternal {
		ff = Format{Location: ff.Location}
		dst = append(dst, `{"hostname":`...)
		dst = appendJSONString(dst, a.Hostname)
		dst = append(dst, `,"output":`...)
		dst = appendJSONString(dst, a.Output)
		dst = append(dst, `,"output_fields":`...)
		dst = ff.appendOutputFields(dst, a)
		return ff.appendJSONTail(dst, a, false)
	}
	dst = append(dst, `{"hostname":`...)
	dst = appendJSONString(dst, a.Hostname)
	if ff.Message {
		dst = append(dst, `,"message":`...)
		dst = appendJSONString(dst, a.Output)
	}
	if !ff.OmitOutput {
		dst = append(dst, `,"output":`...)
		// The output property is the whole text line, as Falco's.
		var line []byte
		tf := Format{ISO8601: ff.ISO8601, Location: ff.Location}
		line = tf.appendTime(line, a.Time)
		line = append(line, ": "...)
		line = append(line, a.Priority.String()...)
		line = append(line, ' ')
		line = append(line, a.Output...)
		dst = appendJSONBytes(dst, line)
	}
	if !ff.OmitOutputFields {
		dst = append(dst, `,"output_fields":`...)
		dst = ff.appendOutputFields(dst, a)
	}
	return ff.appendJSONTail(dst, a, !ff.OmitTags)
}

// appendJSONTail appends the keys after output_fields and closes the
// object.
func (f *Format) appendJSONTail(dst []byte, a *Alert, tags bool) []byte {
	dst = append(dst, `,"priority":`...)
	dst = appendJSONString(dst, a.Priority.String())
	dst = append(dst, `,"rule":`...)
	dst = appendJSONString(dst, a.Rule)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, a.Source)
	if tags {
		dst = append(dst, `,"tags":[`...)
		tags := a.Tags
		if !slices.IsSorted(tags) {
			// Falco keeps tags in a std::set: sorted, unique.
			tags = slices.Compact(slices.Sorted(slices.Values(tags)))
		}
		for i, t := range tags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, t)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"time":"`...)
	t := time.Unix(0, a.Time).UTC()
	dst = t.AppendFormat(dst, "2006-01-02T15:04:05")
	dst = appendNanos(dst, a.Time)
	return append(dst, `Z"}`...)
}

// appendOutputFields writes a's output fields as a JSON object with sorted
// keys, adding the event time (evt.time, or evt.time.iso8601 with ISO8601)
// for rule alerts as Falco adds its prefix fields.
func (f *Format) appendOutputFields(dst []byte, a *Alert) []byte {
	keys := make([]string, 0, len(a.OutputFields)+1)
	for k := range a.OutputFields {
		keys = append(keys, k)
	}
	timeKey := ""
	if a.Source != SourceInternal {
		timeKey = "evt.time"
		if f.ISO8601 {
			timeKey = "evt.time.iso8601"
		}
		if _, ok := a.OutputFields[timeKey]; !ok {
			keys = append(keys, timeKey)
		}
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		if k == timeKey {
			dst = strconv.AppendInt(dst, a.Time, 10)
			continue
		}
		dst = appendJSONValue(dst, a.OutputFields[k])
	}
	return append(dst, '}')
}

// appendJSONValue appends v as JSON. Common field value types are written
// directly; anything else goes through encoding/json without HTML escaping.
func appendJSONValue(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return appendJSONString(dst, v)
	case []byte:
		return appendJSONBytes(dst, v)
	case bool:
		return strconv.AppendBool(dst, v)
	case int:
		return strconv.AppendInt(dst, int64(v), 10)
	case int32:
		return strconv.AppendInt(dst, int64(v), 10)
	case int64:
		return strconv.AppendInt(dst, v, 10)
	case uint:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint16:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint32:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint64:
		return strconv.AppendUint(dst, v, 10)
	case []string:
		dst = append(dst, '[')
		for i, s := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, s)
		}
		return append(dst, ']')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return appendJSONString(dst, "<unencodable: "+err.Error()+">")
	}
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...)
}

func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscapedString(dst, s)
	return append(dst, '"')
}

func appendJSONBytes(dst []byte, b []byte) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, b)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendEscapedString is appendEscaped for a string.
func appendEscapedString(dst []byte, s string) []byte { return appendEsc(dst, s, true) }

// appendEscaped appends b escaped as the inside of a JSON string the way
// Falco's encoder (nlohmann::json, invalid UTF-8 replaced) does it:
// quotes, backslashes and control characters escaped, other UTF-8 kept
// as is, each maximal invalid sequence (a lone byte, or the valid start
// of a sequence cut short) replaced by one U+FFFD.
func appendEscaped(dst []byte, b []byte) []byte { return appendEsc(dst, b, true) }

// appendEsc escapes s; with quotes false, quotes and backslashes are kept
// (Falco's internal messages, whose text its encoder does not touch).
func appendEsc[T string | []byte](dst []byte, s T, quotes bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && (!quotes || c != '"' && c != '\\') {
			dst = append(dst, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = appendEscapedByte(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, "\uFFFD"...)
			i += invalidLen(s[i:min(i+utf8.UTFMax, len(s))])
			continue
		}
		dst = append(dst, s[i:i+n]...)
		i += n
	}
	return dst
}

// invalidLen returns the length of the maximal invalid part at the start
// of s, which does not begin a valid UTF-8 sequence: the bytes that
// begin one that is cut short, or else one byte.
func invalidLen[T string | []byte](s T) int {
	lo, hi := byte(0x80), byte(0xbf)
	need := 0
	switch c := s[0]; {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c == 0xe0:
		need, lo = 2, 0xa0
	case c == 0xed:
		need, hi = 2, 0x9f
	case c >= 0xe1 && c <= 0xef:
		need = 2
	case c == 0xf0:
		need, lo = 3, 0x90
	case c == 0xf4:
		need, hi = 3, 0x8f
	case c >= 0xf1 && c <= 0xf3:
		need = 3
	}
	n := 1
	for ; n <= need && n < len(s); n++ {
		if s[n] < lo || s[n] > hi {
			break
		}
		lo, hi = 0x80, 0xbf
	}
	return n
}

func appendEscapedByte(dst []byte, c byte) []byte {
	switch c {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
