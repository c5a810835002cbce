package rules

// Glob reports whether s matches the shell pattern as Falco's glob
// operator does (fnmatch(3) without flags: '*' also matches '/'). The
// analyzer uses it for field arguments that are patterns, such as
// container.mount.dest[/var/run/*.sock].
func Glob(pattern, s string) bool { return globMatch(pattern, s, false) }
