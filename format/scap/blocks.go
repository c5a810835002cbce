package scap

// Block types of the .scap format (libscap's scap_savefile.h). The *Int
// values are numbers used before libscap's first release, still read.
const (
	blockSection = 0x0A0D0D0A // section header, pcapng's SHB
	sectionMagic = 0x1A2B3C4D // byte-order magic in the section header

	blockMachine    = 0x201
	blockMachineInt = 0x8002ABCD

	blockProcV1    = 0x202
	blockProcV1Int = 0x8000ABCD
	blockProcV2    = 0x207
	blockProcV2Int = 0x8013ABCD
	blockProcV3    = 0x209
	blockProcV3Int = 0x8014ABCD
	blockProcV4    = 0x210
	blockProcV5    = 0x211
	blockProcV6    = 0x212
	blockProcV7    = 0x213
	blockProcV8    = 0x214
	blockProcV9    = 0x215

	blockFD    = 0x203
	blockFDInt = 0x8001ABCD
	blockFDV2  = 0x218

	blockEvent         = 0x204
	blockEventInt      = 0x8010ABCD
	blockEventV2       = 0x216
	blockEventV2Large  = 0x221
	blockEventFlags    = 0x208
	blockEventFlagsV2  = 0x217
	blockEventFlagsV2L = 0x222

	blockIface    = 0x205
	blockIfaceInt = 0x8011ABCD
	blockIfaceV2  = 0x219

	blockUser    = 0x206
	blockUserInt = 0x8012ABCD
	blockUserV2  = 0x220
)

// procVersion returns the process list layout version (1..9) of a block
// type, or 0 if it is not a process list.
func procVersion(t uint32) int {
	switch t {
	case blockProcV1, blockProcV1Int:
		return 1
	case blockProcV2, blockProcV2Int:
		return 2
	case blockProcV3, blockProcV3Int:
		return 3
	case blockProcV4:
		return 4
	case blockProcV5:
		return 5
	case blockProcV6:
		return 6
	case blockProcV7:
		return 7
	case blockProcV8:
		return 8
	case blockProcV9:
		return 9
	}
	return 0
}

// isEventBlock reports whether t is one of the event block types.
func isEventBlock(t uint32) bool {
	switch t {
	case blockEvent, blockEventInt, blockEventV2, blockEventV2Large,
		blockEventFlags, blockEventFlagsV2, blockEventFlagsV2L:
		return true
	}
	return false
}

// eventBlockLayout returns, for an event block type, whether the block
// carries 32 bits of flags after the CPU number and whether the event
// header holds nparams (the V2 layouts).
func eventBlockLayout(t uint32) (flags, v2 bool) {
	switch t {
	case blockEventFlags:
		return true, false
	case blockEventFlagsV2, blockEventFlagsV2L:
		return true, true
	case blockEventV2, blockEventV2Large:
		return false, true
	}
	return false, false
}

func blockName(t uint32) string {
	switch {
	case t == blockSection:
		return "section header"
	case t == blockMachine || t == blockMachineInt:
		return "machine info"
	case procVersion(t) != 0:
		return "process list"
	case t == blockFD || t == blockFDInt || t == blockFDV2:
		return "fd list"
	case isEventBlock(t):
		return "event"
	case t == blockIface || t == blockIfaceInt || t == blockIfaceV2:
		return "interface list"
	case t == blockUser || t == blockUserInt || t == blockUserV2:
		return "user list"
	}
	return ""
}
