// Package replay is Peregrine's analyzer: it reads capture files (Peregrine's
// own and sysdig/Falco .scap files), rebuilds the recorded host's state event
// by event — threads and processes, file descriptor tables, users, groups and
// containers — and hands each event with that state to the rules engine, the
// way a live Falco would have seen it.
//
// The pieces:
//
//   - OpenInput opens one capture file of either kind.
//   - Fields binds the field catalogue (rules/fields) to extractors that read
//     the current event and the state; values follow libsinsp's filterchecks.
//   - Run merges several inputs in timestamp order, keeps one host state per
//     input, evaluates the rules and reports alerts, drops and a summary.
//
// Field values are extracted without allocating for the common fields:
// strings may point into buffers that live until the next event. Whatever
// must outlive the event (an Alert's fields) is copied by Run.
//
// It is not the place for alert sinks or the configuration file (see
// replay/output and replay/config), nor for the command line (cmd/peregrine).
// It imports nothing Linux-specific: captures are analysed on any OS.
package replay
