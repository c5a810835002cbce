package config_test

import (
	"fmt"

	"github.com/peregrine-sec/peregrine/replay/config"
)

func ExampleParse() {
	file := []byte(`
priority: notice
json_output: true
rules:
  - disable: {rule: "*"}
  - enable: {tag: network}
file_output:
  enabled: true
  filename: /var/log/peregrine/events.txt
`)
	cfg, warnings, err := config.Parse("peregrine.yaml", file, []string{
		"rules[].enable.rule=Write below etc",
		"file_output.keep_alive=true",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(warnings), "warnings")
	fmt.Println("priority:", cfg.Priority, "json:", cfg.JSONOutput, "stdout:", cfg.StdoutOutput.Enabled)
	fmt.Printf("file: %+v\n", cfg.FileOutput)
	for _, s := range cfg.Rules {
		fmt.Printf("%+v\n", s)
	}
	// Output:
	// 0 warnings
	// priority: Notice json: true stdout: true
	// file: {Enabled:true KeepAlive:true Filename:/var/log/peregrine/events.txt}
	// {Enable:false Rule:* Tag:}
	// {Enable:true Rule: Tag:network}
	// {Enable:true Rule:Write below etc Tag:}
}

func ExampleParse_error() {
	_, _, err := config.Parse("peregrine.yaml", []byte("file_output:\n  enabled: maybe\n"), []string{"priority=loud"})
	fmt.Println(err)
	// Output:
	// peregrine.yaml:2:12: file_output.enabled: want true or false, got "maybe"
	// -o "priority=loud": priority: unknown priority "loud": want emergency, alert, critical, error, warning, notice, informational (info) or debug
}
