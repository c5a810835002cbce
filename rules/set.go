package rules

import (
	"encoding/binary"
	"sort"
	"strings"
	"unsafe"
)

// strTable is a set of strings for `in`, `intersects`, gates and
// switches, each member with an index (its position among the distinct
// values given): open addressing (linear probing, at most half full)
// over a cheap hash of the length and the first and last eight bytes.
// Most values a rule tests are not in its lists; a miss usually costs the
// hash and one probe that finds an empty slot or a member of another
// length, where Go's map hashes the whole string and a scan of
// same-length members compares each (process names: a long list holds
// dozens of five-letter names). A table whose probe sequences grow long
// (a hostile list of strings alike at both ends) is replaced by a map,
// whose hash is seeded.
//
// A strTable is immutable and safe for concurrent use.
type strTable struct {
	keys   []string // "" marks an empty slot
	idx    []int32  // the member's index, by slot
	shift  uint8    // 64 - log2(len(keys))
	empty  int32    // the index of "", -1 when it is not a member
	m      map[string]int32
	values []string // the distinct members, by index
}

// maxProbe is the longest probe sequence a table may have before it
// falls back to a map.
const maxProbe = 8

func newStrTable(vals []string) *strTable {
	t := &strTable{empty: -1}
	seen := make(map[string]bool, len(vals))
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			t.values = append(t.values, v)
		}
	}
	size, bits := 8, uint8(3)
	for size < 2*len(t.values) {
		size <<= 1
		bits++
	}
	t.keys = make([]string, size)
	t.idx = make([]int32, size)
	t.shift = 64 - bits
	mask := uint64(size - 1)
	for n, v := range t.values {
		if v == "" {
			t.empty = int32(n)
			continue
		}
		i := strHash(v) >> t.shift
		for probe := 0; t.keys[i] != ""; probe++ {
			if probe >= maxProbe {
				return t.mapTable()
			}
			i = (i + 1) & mask
		}
		t.keys[i], t.idx[i] = v, int32(n)
	}
	return t
}

func (t *strTable) mapTable() *strTable {
	m := &strTable{m: make(map[string]int32, len(t.values)), values: t.values}
	for n, v := range t.values {
		m.m[v] = int32(n)
	}
	return m
}

// has reports whether s is in the set.
func (t *strTable) has(s string) bool { return t.index(s) >= 0 }

// index returns the index of s, or -1 when s is not in the set.
func (t *strTable) index(s string) int32 {
	if t.m != nil {
		if n, ok := t.m[s]; ok {
			return n
		}
		return -1
	}
	if s == "" {
		return t.empty
	}
	mask := uint64(len(t.keys) - 1)
	for i := strHash(s) >> t.shift; ; i = (i + 1) & mask {
		k := t.keys[i]
		if k == "" {
			return -1
		}
		if len(k) == len(s) && k == s {
			return t.idx[i]
		}
	}
}

// strHash mixes the length and the first and last eight bytes of a
// non-empty string; the table takes the top bits.
func strHash(s string) uint64 {
	n := len(s)
	var lo, hi uint64
	if n >= 8 {
		b := unsafe.Slice(unsafe.StringData(s), n)
		lo = binary.LittleEndian.Uint64(b)
		hi = binary.LittleEndian.Uint64(b[n-8:])
	} else {
		for i := 0; i < n; i++ {
			lo |= uint64(s[i]) << (8 * i)
		}
		hi = lo >> 8
	}
	h := (lo ^ uint64(n)<<56) * 0x9e3779b97f4a7c15
	h ^= hi * 0xc2b2ae3d27d4eb4f
	return h ^ h>>29
}

// prefixSet tests whether a string starts with one of a set of
// prefixes. It keeps the prefixes no shorter one covers, sorted: then
// the only prefix that can start s is the greatest one not after s (a
// string between p and s, where p starts s, also starts with p), so a
// test is a binary search and one comparison.
//
// A prefixSet is immutable and safe for concurrent use.
type prefixSet struct {
	ps  []string
	all bool // the empty prefix: every string
}

func newPrefixSet(vals []string) *prefixSet {
	sorted := append([]string(nil), vals...)
	sort.Strings(sorted)
	p := &prefixSet{}
	for _, v := range sorted {
		if v == "" {
			p.all = true
			return p
		}
		// Sorted, a covering prefix comes before what it covers.
		if n := len(p.ps); n > 0 && strings.HasPrefix(v, p.ps[n-1]) {
			continue
		}
		p.ps = append(p.ps, v)
	}
	return p
}

// match reports whether s starts with one of the prefixes.
func (p *prefixSet) match(s string) bool {
	if p.all {
		return true
	}
	// lo is the number of prefixes not after s.
	lo, hi := 0, len(p.ps)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.ps[m] <= s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo > 0 && strings.HasPrefix(s, p.ps[lo-1])
}
