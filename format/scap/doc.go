// Package scap reads capture files written by sysdig and Falco (.scap, the
// pcapng-style format of falcosecurity/libs), gzip-compressed or plain, and
// hands them out as Peregrine's own data: a format.Header, a
// format.Snapshot built from the file's process, fd, user and interface
// lists, and a stream of format.Event values using Peregrine's event
// catalogue.
//
// Every event is kept as sysdig has it, enter (evt.dir '>') and exit ('<'),
// with the event numbers sysdig gives them, so that rules see what Falco
// sees on the same capture. Each exit event also carries its enter event's
// arguments (paired per thread, as libsinsp does), and old event versions
// are decoded with their own parameter lists and placed into the
// catalogue's slots by parameter name. docs/scap.md lists what is imported
// and how it differs from libsinsp.
//
// Events are read one at a time (ReadInto), in batches valid until the
// next call (ReadBatch), or in batches that hold the reader's buffers until
// they are released (ReadHeld), which a caller can work on on another
// goroutine while the reader reads on, without copying an event.
//
// The reader treats its input as hostile: allocations are bounded, damaged
// events are skipped with a warning where the block framing allows it, and
// errors name the file, block number and byte offset.
//
// It is not an analyzer (no process or fd state is kept beyond the
// snapshot) and it does not write .scap files. It imports nothing
// Linux-specific, so captures can be read on any OS.
//
// table_gen.go (scap's event table and the portable syscall names) is
// generated from a falcosecurity/libs checkout by internal/gentable.
package scap
