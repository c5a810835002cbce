package output_test

import (
	"os"
	"time"

	"github.com/peregrine-sec/peregrine/replay/output"
)

func ExampleFormat_Append() {
	a := &output.Alert{
		Time:     time.Date(2024, 5, 6, 12, 43, 52, 640375428, time.UTC).UnixNano(),
		Rule:     "Write below etc",
		Priority: output.PriorityWarning,
		Output:   "File below /etc opened for writing (user=root command=nano /etc/default/grub file=/etc/default/grub)",
		OutputFields: map[string]any{
			"user.name": "root", "proc.cmdline": "nano /etc/default/grub", "fd.name": "/etc/default/grub",
		},
		Hostname: "web-1",
		Source:   "syscall",
		Tags:     []string{"filesystem"},
	}
	text := &output.Format{Location: time.UTC}
	os.Stdout.Write(append(text.Append(nil, a), '\n'))
	js := &output.Format{JSON: true}
	os.Stdout.Write(append(js.Append(nil, a), '\n'))
	// Output:
	// 12:43:52.640375428: Warning File below /etc opened for writing (user=root command=nano /etc/default/grub file=/etc/default/grub)
	// {"hostname":"web-1","output":"12:43:52.640375428: Warning File below /etc opened for writing (user=root command=nano /etc/default/grub file=/etc/default/grub)","output_fields":{"evt.time":1714999432640375428,"fd.name":"/etc/default/grub","proc.cmdline":"nano /etc/default/grub","user.name":"root"},"priority":"Warning","rule":"Write below etc","source":"syscall","tags":["filesystem"],"time":"2024-05-06T12:43:52.640375428Z"}
}

func ExampleNewDispatcher() {
	stdout := output.NewWriter(os.Stdout, &output.Format{Location: time.UTC}, nil)
	d := output.NewDispatcher([]output.Named{{Name: "stdout", Sink: stdout}}, nil)
	d.Send(&output.Alert{
		Time:     time.Date(2024, 5, 6, 12, 0, 0, 0, time.UTC).UnixNano(),
		Priority: output.PriorityCritical,
		Output:   "Shell spawned in a container (container=web)",
	})
	if err := d.Close(); err != nil { // delivers what is queued
		panic(err)
	}
	// Output:
	// 12:00:00.000000000: Critical Shell spawned in a container (container=web)
}

func ExampleAppendSummary() {
	s := &output.Summary{Detected: 3, Events: 120000, Files: 1, Elapsed: 2 * time.Second}
	s.ByPriority[output.PriorityWarning] = 2
	s.ByPriority[output.PriorityInformational] = 1
	s.ByRule = []output.RuleCount{{Rule: "Write below etc", Count: 2}, {Rule: "Read sensitive file", Count: 1}}
	os.Stdout.Write(output.AppendSummary(nil, s, nil))
	// Output:
	// Events detected: 3
	// Rule counts by severity:
	//    WARNING: 2
	//    INFO: 1
	// Triggered rules by rule name:
	//    Write below etc: 2
	//    Read sensitive file: 1
	// Events read: 120000 from 1 file in 2.000s (60000 events/s)
}
