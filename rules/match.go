package rules

import "strings"

// globMatch reports whether s matches the shell pattern pat as fnmatch(3)
// does without flags (Falco's glob): '*' matches any run of bytes,
// including '/', '?' one byte, [...] a class with ranges and '!' or '^'
// negation, and '\' quotes the next byte. With fold, ASCII letters match
// regardless of case (iglob). It does not allocate and runs in
// O(len(pat)·len(s)).
func globMatch(pat, s string, fold bool) bool {
	px, sx := 0, 0
	nextPx, nextSx := -1, -1
	for px < len(pat) || sx < len(s) {
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				nextPx, nextSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case '[':
				if sx < len(s) {
					if ok, n := matchClass(pat[px:], s[sx], fold); n > 0 {
						if ok {
							px += n
							sx++
							continue
						}
					} else if eqByte('[', s[sx], fold) {
						// An unterminated class is a literal '['.
						px++
						sx++
						continue
					}
				}
			case '\\':
				if px+1 < len(pat) {
					if sx < len(s) && eqByte(pat[px+1], s[sx], fold) {
						px += 2
						sx++
						continue
					}
					break
				}
				fallthrough
			default:
				if sx < len(s) && eqByte(c, s[sx], fold) {
					px++
					sx++
					continue
				}
			}
		}
		if nextSx > 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

func eqByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	return fold && lowerASCII(a) == lowerASCII(b)
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// matchClass matches c against the bracket expression at the start of
// pat. n is the length of the expression, 0 when it is not terminated.
func matchClass(pat string, c byte, fold bool) (bool, int) {
	i := 1
	neg := false
	if i < len(pat) && (pat[i] == '!' || pat[i] == '^') {
		neg = true
		i++
	}
	matched := false
	first := true
	for i < len(pat) {
		if pat[i] == ']' && !first {
			return matched != neg, i + 1
		}
		first = false
		lo := pat[i]
		if lo == '\\' && i+1 < len(pat) {
			i++
			lo = pat[i]
		}
		i++
		hi := lo
		if i+1 < len(pat) && pat[i] == '-' && pat[i+1] != ']' {
			hi = pat[i+1]
			if hi == '\\' && i+2 < len(pat) {
				hi = pat[i+2]
				i++
			}
			i += 2
		}
		if lo <= c && c <= hi {
			matched = true
		} else if fold {
			lc := lowerASCII(c)
			uc := lc
			if lc >= 'a' && lc <= 'z' {
				uc = lc - ('a' - 'A')
			}
			if lo <= lc && lc <= hi || lo <= uc && uc <= hi {
				matched = true
			}
		}
	}
	return false, 0
}

// hasGlobMeta reports whether s has a glob wildcard.
func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// containsFoldASCII reports whether s contains lowerNeedle, comparing
// ASCII letters without case (strcasestr). lowerNeedle must be lower case.
func containsFoldASCII(s, lowerNeedle string) bool {
	n := len(lowerNeedle)
	if n == 0 {
		return true
	}
	first := lowerNeedle[0]
outer:
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		for j := 1; j < n; j++ {
			if lowerASCII(s[i+j]) != lowerNeedle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// pathPattern is one pmatch value split into path components; a
// component with wildcards matches as a glob.
type pathPattern struct {
	comps []string
	globs []bool
}

func newPathPattern(p string) pathPattern {
	var pp pathPattern
	for _, c := range strings.Split(p, "/") {
		if c == "" {
			continue
		}
		pp.comps = append(pp.comps, c)
		pp.globs = append(pp.globs, hasGlobMeta(c))
	}
	return pp
}

// pmatch reports whether path is one of the patterns or lies below one,
// comparing whole path components (Falco's path prefix search): /etc
// matches /etc and /etc/passwd, not /etcx.
func pmatch(patterns []pathPattern, path string) bool {
next:
	for i := range patterns {
		pp := &patterns[i]
		rest := path
		for k, comp := range pp.comps {
			var c string
			c, rest = nextComponent(rest)
			if c == "" {
				continue next
			}
			if pp.globs[k] {
				if !globMatch(comp, c, false) {
					continue next
				}
			} else if c != comp {
				continue next
			}
		}
		return true
	}
	return false
}

// nextComponent returns the first non-empty component of a '/'-separated
// path and what follows it.
func nextComponent(p string) (string, string) {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return p, ""
	}
	return p[:i], p[i:]
}
