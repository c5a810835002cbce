//go:build linux

package probe

// FollowedCount returns how many processes the probe follows now (tests
// check that exited ones are forgotten).
func FollowedCount(p *Probe) int {
	var k uint32
	var v uint8
	n := 0
	it := p.coll.Maps[bpfMapFollowed].Iterate()
	for it.Next(&k, &v) {
		n++
	}
	return n
}
