package replay

import "bytes"

// maxPathSize is the longest path libsinsp builds; longer results are
// replaced by pathTooLong, as Falco does.
const maxPathSize = 1024

const pathTooLong = "/DIR_TOO_LONG/FILENAME_TOO_LONG"

// appendJoinPath appends to dst the path p resolved against base and
// normalised the way libsinsp's concatenate_paths does: when p is relative it
// is appended to base (which is copied as is and should end in '/'), then
// "." and ".." components and repeated separators are folded and a trailing
// separator is removed. An absolute or empty p ignores base.
func appendJoinPath(dst []byte, base, p string) []byte {
	if len(base)+len(p)+1 > maxPathSize {
		return append(dst, pathTooLong...)
	}
	start := len(dst)
	if len(p) != 0 && p[0] != '/' {
		dst = append(dst, base...)
		return normalizeInto(dst, start, len(base) == 0, p)
	}
	return normalizeInto(dst, start, true, p)
}

// normalizeInto copies p to the end of dst, folding it into dst[base:] as
// libsinsp's copy_and_normalize_path does. emptyBase says the target held no
// prefix when the copy began.
func normalizeInto(dst []byte, base int, emptyBase bool, p string) []byte {
	for i := 0; ; {
		if i >= len(p) {
			if len(dst) > base+1 && dst[len(dst)-1] == '/' {
				dst = dst[:len(dst)-1]
			}
			return dst
		}
		c := p[i]
		switch {
		case c == '.' && (len(dst) == base || dst[len(dst)-1] == '/'):
			switch {
			case i+2 < len(p) && p[i+1] == '.' && p[i+2] == '/':
				dst = rewindParent(dst, base)
				i += 3
			case i+2 == len(p) && p[i+1] == '.':
				dst = rewindParent(dst, base)
				i += 2
			case i+1 < len(p) && p[i+1] == '/':
				i += 2
			case i+1 == len(p):
				i++
			default:
				dst = append(dst, c)
				i++
			}
		case c == '/':
			if (len(dst) > base && dst[len(dst)-1] == '/') || (len(dst) == base && !emptyBase) {
				i++
			} else {
				dst = append(dst, c)
				i++
			}
		default:
			dst = append(dst, c)
			i++
		}
	}
}

// cleanAbs reports whether p is an absolute path that resolving leaves
// unchanged (appendResolved(dst, ".", "", p) appends p): no empty, "." or
// ".." components, no trailing separator, not too long.
func cleanAbs(p []byte) bool {
	if len(p) == 0 || p[0] != '/' || len(p)+2 > maxPathSize {
		return false
	}
	if len(p) == 1 {
		return true
	}
	for i := 0; ; {
		// p[i] is a separator: look at the component after it.
		rest := p[i+1:]
		if len(rest) == 0 || rest[0] == '/' {
			return false // trailing or doubled separator
		}
		if rest[0] == '.' && (len(rest) == 1 || rest[1] == '/' || (rest[1] == '.' && (len(rest) == 2 || rest[2] == '/'))) {
			return false
		}
		j := bytes.IndexByte(rest, '/')
		if j < 0 {
			return true
		}
		i += 1 + j
	}
}

// rewindParent drops the last path component of dst[base:], keeping its
// separator, never going above the first character of the base.
func rewindParent(dst []byte, base int) []byte {
	n := len(dst)
	if n <= base+1 {
		return dst
	}
	n--
	for n >= base+1 && dst[n-1] != '/' {
		n--
	}
	return dst[:n]
}

// joinPath is appendJoinPath returning a string.
func joinPath(base, p string) string {
	var buf [256]byte
	return string(appendJoinPath(buf[:0], base, p))
}
