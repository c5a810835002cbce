package output

import (
	"bytes"
	"encoding/json"
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
func (f *Format) AppendText(dst []byte, a *Alert) []byte {
	var tmp [64]byte
	prefix := f.appendTime(tmp[:0], a.Time)
	prefix = append(prefix, ": "...)
	dst = appendEscaped(dst, prefix)
	dst = appendEscapedString(dst, a.Priority.String())
	dst = append(dst, ' ')
	return appendEscapedString(dst, a.Output)
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
// in that (sorted) order, time in UTC ISO 8601.
func (f *Format) AppendJSON(dst []byte, a *Alert) []byte {
	var ff Format
	if f != nil {
		ff = *f
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
	dst = append(dst, `,"priority":`...)
	dst = appendJSONString(dst, a.Priority.String())
	dst = append(dst, `,"rule":`...)
	dst = appendJSONString(dst, a.Rule)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, a.Source)
	if !ff.OmitTags {
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
func appendEscapedString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = appendEscapedByte(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// appendEscaped appends b escaped as the inside of a JSON string the way
// Falco's encoder does it: quotes, backslashes and control characters
// escaped, other UTF-8 kept as is, invalid bytes replaced by U+FFFD.
func appendEscaped(dst []byte, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = appendEscapedByte(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, b[i:i+n]...)
		}
		i += n
	}
	return dst
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
