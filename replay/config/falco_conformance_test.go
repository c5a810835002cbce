package config

// Falco's configuration unit tests (falcosecurity/falco,
// unit_tests/falco/test_configuration*.cpp and
// app/actions/test_load_config.cpp) ported to Peregrine's keys: the same
// YAML shapes, -o options and environment, with Falco's made-up keys
// (base_value, foo, ...) mapped onto keys Peregrine reads, and the
// expected values checked on the resulting Config.
//
// Not ported, with the reason:
//   - Configuration.configuration_reload: yaml_helper's clear/reload API;
//     Peregrine reads its configuration once (watch_config_files is
//     ignored).
//   - Configuration.configuration_webserver_ip: webserver is not
//     implemented (a replay serves no health endpoint).
//   - ConfigurationRuleOutputOptions.parse_yaml, .cli_options:
//     append_output is not implemented (accepted and listed as ignored).
//   - Configuration.schema_validate_config: validates Falco's own
//     falco.yaml against Falco's JSON schema, which Peregrine does not
//     ship; its keys are covered by TestFalcoStyleFile.
//   - Configuration.plugin_init_config, .plugin_library_path_traversal:
//     plugins are not implemented.
//   - Configuration.schema_yaml_helper_validator: Falco's schema engine.
//   - ActionLoadConfig.check_kmod_engine_config,
//     .check_modern_engine_config: engine kinds and driver settings have
//     no meaning for a replay (engine is accepted and ignored).

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/replay/output"
)

// parseText parses a configuration given as text, as Falco's
// init_from_content.
func parseText(t *testing.T, text string, overrides ...string) (*Config, []Warning, error) {
	t.Helper()
	return Parse("main.yaml", []byte(text), overrides)
}

func mustParse(t *testing.T, text string, overrides ...string) (*Config, []Warning) {
	t.Helper()
	c, w, err := parseText(t, text, overrides...)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c, w
}

func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFalcoConfiguration(t *testing.T) {
	// Falco's sample_yaml with its keys mapped: base_value is file_output,
	// base_value_2.sample_list is rules_files.
	const sample = "file_output:\n" +
		"    enabled: true\n" +
		"    filename: 'sample_name'\n" +
		"    keep_alive: true\n" +
		"rules_files:\n" +
		"    - elem1\n" +
		"    - elem2\n" +
		"    - elem3\n"

	t.Run("configuration_exceptions", func(t *testing.T) {
		if _, _, err := parseText(t, sample+" /  bad_symbol"); !errors.Is(err, ErrSyntax) {
			t.Errorf("broken YAML: err = %v, want ErrSyntax", err)
		}
		if _, _, err := parseText(t, sample); err != nil {
			t.Errorf("right YAML: %v", err)
		}
	})
	t.Run("read_yaml_fields", func(t *testing.T) {
		c, _ := mustParse(t, sample)
		if !c.FileOutput.Enabled || c.FileOutput.Filename != "sample_name" || !c.FileOutput.KeepAlive {
			t.Errorf("file_output = %+v", c.FileOutput)
		}
		if want := []string{"elem1", "elem2", "elem3"}; !reflect.DeepEqual(c.RulesFiles, want) {
			t.Errorf("rules_files = %q, want %q", c.RulesFiles, want)
		}
	})
	t.Run("modify_yaml_fields", func(t *testing.T) {
		// set_scalar, as -o does: the last setting of a key wins.
		const key = "file_output.keep_alive"
		c, _ := mustParse(t, sample, key+"=false")
		if c.FileOutput.KeepAlive {
			t.Errorf("%s=false: still true", key)
		}
		c, _ = mustParse(t, sample, key+"=false", key+"=true")
		if !c.FileOutput.KeepAlive {
			t.Errorf("%s=false then true: false", key)
		}
		c, _ = mustParse(t, sample, "rules_files[1]=other")
		if want := []string{"elem1", "other", "elem3"}; !reflect.DeepEqual(c.RulesFiles, want) {
			t.Errorf("rules_files[1]=other: %q, want %q", c.RulesFiles, want)
		}
	})
	t.Run("escaped_keys_read", func(t *testing.T) {
		// A key holding a literal dot is a different key from the
		// dotted path: it does not set stdout_output.enabled.
		c, w := mustParse(t, "\"stdout_output.enabled\": false\n")
		if !c.StdoutOutput.Enabled {
			t.Errorf(`"stdout_output.enabled" (one key) set stdout_output.enabled`)
		}
		if len(w) != 1 || !strings.Contains(w[0].Msg, "unknown key") {
			t.Errorf("warnings = %v, want an unknown key", w)
		}
	})
	t.Run("escaped_keys_write", func(t *testing.T) {
		c, w := mustParse(t, "", `stdout_output\.enabled=false`)
		if !c.StdoutOutput.Enabled {
			t.Errorf(`-o stdout_output\.enabled=false set stdout_output.enabled`)
		}
		if len(w) != 1 || !strings.Contains(w[0].Msg, "unknown key") {
			t.Errorf("warnings = %v, want an unknown key", w)
		}
		c, _ = mustParse(t, "", `stdout_output.enabled=false`)
		if c.StdoutOutput.Enabled {
			t.Errorf("-o stdout_output.enabled=false did not set it")
		}
	})
	t.Run("escaped_keys_errors", func(t *testing.T) {
		for _, o := range []string{`stdout_output\=x`, `stdout_output\x.enabled=x`, `file_output..enabled=true`, `json_output`} {
			if _, _, err := parseText(t, "", o); !errors.Is(err, ErrOverride) {
				t.Errorf("-o %s: err = %v, want ErrOverride", o, err)
			}
		}
	})
}

func TestFalcoConfigurationRuleSelection(t *testing.T) {
	check := func(t *testing.T, got []RuleSelection, want []RuleSelection) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rules = %+v, want %+v", got, want)
		}
	}
	t.Run("parse_yaml", func(t *testing.T) {
		c, _ := mustParse(t, `
rules:
  - enable:
      rule: 'Terminal Shell in Container'

  - disable:
      tag: experimental

  - enable:
      rule: 'hello*'
`)
		check(t, c.Rules, []RuleSelection{
			{Enable: true, Rule: "Terminal Shell in Container"},
			{Tag: "experimental"},
			{Enable: true, Rule: "hello*"},
		})
	})
	want := []RuleSelection{{Tag: "maturity_incubating"}, {Enable: true, Rule: "Adding ssh keys to authorized_keys"}}
	t.Run("cli_options", func(t *testing.T) {
		c, _ := mustParse(t, "", "rules[].disable.tag=maturity_incubating", "rules[].enable.rule=Adding ssh keys to authorized_keys")
		check(t, c.Rules, want)
	})
	t.Run("cli_options_object", func(t *testing.T) {
		c, _ := mustParse(t, "",
			`rules[]={"disable": {"tag": "maturity_incubating"}}`,
			`rules[]={"enable": {"rule": "Adding ssh keys to authorized_keys"}}`)
		check(t, c.Rules, want)
	})
}

func TestFalcoConfigurationSchema(t *testing.T) {
	t.Run("schema_ok", func(t *testing.T) {
		_, w := mustParse(t, "stdout_output:\n    enabled: false\n")
		if len(w) != 0 {
			t.Errorf("warnings = %v, want none", w)
		}
	})
	t.Run("schema_wrong_key", func(t *testing.T) {
		// Falco: accepted, validation fails (a warning).
		_, w := mustParse(t, "stdout_outputt:\n    enabled: false\n")
		if len(w) != 1 || w[0].Key != "stdout_outputt" {
			t.Errorf("warnings = %v, want one for stdout_outputt", w)
		}
	})
	t.Run("schema_wrong_type", func(t *testing.T) {
		if _, _, err := parseText(t, "stdout_output: 512\n"); !errors.Is(err, ErrValue) {
			t.Errorf("err = %v, want ErrValue", err)
		}
	})
	t.Run("schema_wrong_embedded_key", func(t *testing.T) {
		_, w := mustParse(t, "stdout_output:\n    enabledd: false\n")
		if len(w) != 1 || w[0].Key != "stdout_output.enabledd" {
			t.Errorf("warnings = %v, want one for stdout_output.enabledd", w)
		}
	})
}

func TestFalcoConfigurationEnvVars(t *testing.T) {
	const value = "envVarValue"
	t.Setenv("ENV_VAR", value)
	t.Setenv("ENV_VAR_EMBEDDED", "${ENV_VAR}")
	t.Setenv("ENV_VAR_BOOL", "true")
	t.Setenv("ENV_VAR_INT", "12")
	t.Setenv("ENV_VAR_EMPTY", "")
	os.Unsetenv("UNSED_XX_X_X_VAR")

	t.Run("configuration_environment_variables", func(t *testing.T) {
		// Falco's env_var_sample_yaml with its keys mapped onto string,
		// list, boolean and integer keys.
		c, _ := mustParse(t, ""+
			"file_output:\n"+
			"    filename: $ENV_VAR\n"+ // base_value.id
			"program_output:\n"+
			"    program: '${ENV_VAR}'\n"+ // base_value.name
			"http_output:\n"+
			"    user_agent: $${ENV_VAR}\n"+ // invalid
			"    ca_cert: $$ENV_VAR\n"+ // invalid_env
			"    ca_bundle: $${ENV_VAR}$${ENV_VAR}\n"+ // invalid_double_env
			"    ca_path: $${${ENV_VAR}}\n"+ // invalid_embedded_env
			"    client_cert: $${ENV_VAR}${ENV_VAR}\n"+ // invalid_valid_env
			"    client_key: \"${ENV_VAR}\"\n"+ // escaped
			"    url: ${UNSED_XX_X_X_VAR}\n"+ // subvalue2.boolean
			"syslog_output:\n"+
			"    address: ${ENV_VAR_EMPTY}\n"+ // empty_test
			"rules_files:\n"+ // sample_list, then paths
			"    - ${ENV_VAR}\n"+
			"    - ' ${ENV_VAR}'\n"+
			"    - '${ENV_VAR} '\n"+
			"    - $UNSED_XX_X_X_VAR\n"+
			"    - ${ENV_VAR}/foo\n"+
			"    - $ENV_VAR/foo\n"+
			"    - /foo/${ENV_VAR}/\n"+
			"    - /${ENV_VAR}/${ENV_VAR}${ENV_VAR}/foo\n"+
			"    - ${ENV_VAR_EMBEDDED}/foo\n"+
			"json_output: ${ENV_VAR_BOOL}\n"+ // is_test
			"outputs_queue:\n"+
			"    capacity: ${ENV_VAR_INT}\n"+ // num_test
			"time_format_iso_8601: ${ENV_VAR_EMPTY}\n") // "" for a boolean: the default
		for _, tc := range []struct{ key, got, want string }{
			{"base_value.id", c.FileOutput.Filename, "$ENV_VAR"},
			{"base_value.name", c.ProgramOutput.Program, value},
			{"base_value.invalid", c.HTTPOutput.UserAgent, "${ENV_VAR}"},
			{"base_value.invalid_env", c.HTTPOutput.CACert, "$$ENV_VAR"},
			{"base_value.invalid_double_env", c.HTTPOutput.CABundle, "${ENV_VAR}${ENV_VAR}"},
			{"base_value.invalid_embedded_env", c.HTTPOutput.CAPath, "${" + value + "}"},
			{"base_value.invalid_valid_env", c.HTTPOutput.ClientCert, "${ENV_VAR}" + value},
			{"base_value.escaped", c.HTTPOutput.ClientKey, value},
			{"base_value.subvalue.subvalue2.boolean", c.HTTPOutput.URL, ""},
			{"empty_test", c.SyslogOutput.Address, ""},
		} {
			if tc.got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.key, tc.got, tc.want)
			}
		}
		want := []string{value, " " + value, value + " ", "$UNSED_XX_X_X_VAR",
			value + "/foo", "$ENV_VAR/foo", "/foo/" + value + "/", "/" + value + "/" + value + value + "/foo", value + "/foo"}
		if !reflect.DeepEqual(c.RulesFiles, want) {
			t.Errorf("sample_list, paths:\n got %q\nwant %q", c.RulesFiles, want)
		}
		if !c.JSONOutput || c.OutputsQueueCapacity != 12 || c.TimeFormatISO8601 {
			t.Errorf("is_test, num_test, empty: json_output %v capacity %d time_format_iso_8601 %v",
				c.JSONOutput, c.OutputsQueueCapacity, c.TimeFormatISO8601)
		}
	})
	t.Run("configuration_environment_variables/boolean_as_int", func(t *testing.T) {
		// Falco returns the default for "true" read as an integer;
		// Peregrine reports the bad value (by design).
		if _, _, err := parseText(t, "outputs_queue:\n  capacity: ${ENV_VAR_BOOL}\n"); !errors.Is(err, ErrValue) {
			t.Errorf("err = %v, want ErrValue", err)
		}
	})
	t.Run("configuration_environment_variables/cmdline_not_expanded", func(t *testing.T) {
		// -o values are set after the file is loaded, unexpanded.
		c, _ := mustParse(t, "", "file_output.filename=${ENV_VAR}")
		if c.FileOutput.Filename != "${ENV_VAR}" {
			t.Errorf("filename = %q, want ${ENV_VAR}", c.FileOutput.Filename)
		}
	})
	t.Run("configuration_environment_variables/self_reference", func(t *testing.T) {
		// Falco loops forever; Peregrine stops with an error.
		t.Setenv("LOOP", "x${LOOP}")
		_, _, err := parseText(t, "file_output:\n  filename: ${LOOP}\n")
		var e *Error
		if !errors.As(err, &e) || e.Line != 2 {
			t.Errorf("err = %v, want an error at line 2", err)
		}
	})
}

func TestFalcoConfigurationConfigFiles(t *testing.T) {
	// Falco's keys mapped: foo is priority, foo2 log_level, foo3
	// rule_matching; base_value is file_output {keep_alive: id, filename:
	// name}; base_value_2.id is outputs_queue.capacity; base_value_3 is
	// program_output; base_value_4 is time_format_iso_8601. In the
	// sequence tests, foo is rules_files.
	const main = "config_files:\n" +
		"  - conf_2.yaml\n" +
		"  - conf_3.yaml\n" +
		"priority: warning\n" +
		"file_output:\n" +
		"    keep_alive: true\n" +
		"    filename: foo\n"
	const conf2 = "log_level: error\n" +
		"outputs_queue:\n" +
		"    capacity: 2\n"
	const conf3 = "rule_matching: all\n" +
		"program_output:\n" +
		"    keep_alive: true\n" +
		"    program: foo3\n"
	const conf4 = "time_format_iso_8601: true\n"
	const conf3Override = "file_output:\n" +
		"    keep_alive: false\n"
	def := Default()

	load := func(t *testing.T, name string, overrides ...string) *Config {
		t.Helper()
		c, _, err := Load(name, overrides)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		return c
	}
	// checkMain checks the main file's keys and conf_2's.
	checkMain := func(t *testing.T, c *Config) {
		t.Helper()
		if c.Priority != output.PriorityWarning || !c.FileOutput.KeepAlive || c.FileOutput.Filename != "foo" {
			t.Errorf("main keys: priority %v file_output %+v", c.Priority, c.FileOutput)
		}
		if c.LogLevel != output.PriorityError || c.OutputsQueueCapacity != 2 {
			t.Errorf("conf_2 keys: log_level %v capacity %d", c.LogLevel, c.OutputsQueueCapacity)
		}
	}
	checkIncluded := func(t *testing.T, c *Config, want ...string) {
		t.Helper()
		if !reflect.DeepEqual(c.Included, want) {
			t.Errorf("included %q, want %q", c.Included, want)
		}
	}

	t.Run("configuration_config_files_secondary_fail", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": main, "conf_2.yaml": "config_files:\n  - conf_4.yaml\n" + conf2})
		_, _, err := Load("main.yaml", nil)
		var e *Error
		if !errors.As(err, &e) || e.File != "conf_2.yaml" || e.Line != 1 {
			t.Errorf("err = %v, want an error at conf_2.yaml:1", err)
		}
	})
	t.Run("configuration_config_files_ok", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": main, "conf_2.yaml": conf2, "conf_3.yaml": conf3, "conf_4.yaml": conf4})
		c := load(t, "main.yaml")
		checkIncluded(t, c, "conf_2.yaml", "conf_3.yaml")
		checkMain(t, c)
		if c.RuleMatching != "all" || !c.ProgramOutput.KeepAlive || c.ProgramOutput.Program != "foo3" {
			t.Errorf("conf_3 keys: rule_matching %q program_output %+v", c.RuleMatching, c.ProgramOutput)
		}
		if c.TimeFormatISO8601 {
			t.Errorf("conf_4 is not included, yet time_format_iso_8601 is set")
		}
	})
	t.Run("configuration_config_files_relative_main", func(t *testing.T) {
		// Relative names are relative to the working directory, not to
		// the main file's directory; absolute ones are fine.
		wd := t.TempDir()
		t.Chdir(wd)
		other := t.TempDir()
		mainPath := filepath.Join(other, "main.yaml")
		writeFiles(t, map[string]string{
			mainPath:      strings.Replace(main, "  - conf_3.yaml\n", "  - "+filepath.Join(wd, "conf_3.yaml")+"\n", 1),
			"conf_2.yaml": conf2, "conf_3.yaml": conf3,
		})
		c := load(t, mainPath)
		checkIncluded(t, c, "conf_2.yaml", filepath.Join(wd, "conf_3.yaml"))
		checkMain(t, c)
		if c.ProgramOutput.Program != "foo3" {
			t.Errorf("conf_3 not merged: %+v", c.ProgramOutput)
		}
	})
	t.Run("configuration_config_files_override", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": main, "conf_2.yaml": conf2, "conf_3.yaml": conf3Override})
		c := load(t, "main.yaml")
		if c.FileOutput.KeepAlive || c.FileOutput.Filename != def.FileOutput.Filename {
			// The whole file_output block is replaced: filename is
			// no longer the main file's.
			t.Errorf("file_output = %+v, want keep_alive false and the default filename", c.FileOutput)
		}
		if c.Priority != output.PriorityWarning || c.OutputsQueueCapacity != 2 {
			t.Errorf("priority %v capacity %d", c.Priority, c.OutputsQueueCapacity)
		}
	})
	seqMain := func(entry string) string {
		return "config_files:\n" + entry + "  - conf_3.yaml\n" +
			"rules_files: [ bar ]\n" +
			"file_output:\n    keep_alive: true\n    filename: foo\n"
	}
	const seqConf2 = "rules_files: [ bar2 ]\n" + "outputs_queue:\n    capacity: 2\n"
	for _, tc := range []struct {
		name, entry string
		want        []string
		warn        bool
	}{
		{"configuration_config_files_sequence_strategy_default", "  - conf_2.yaml\n", []string{"bar", "bar2"}, false},
		{"configuration_config_files_sequence_strategy_append", "  - path: conf_2.yaml\n    strategy: append\n", []string{"bar", "bar2"}, false},
		{"configuration_config_files_sequence_strategy_override", "  - path: conf_2.yaml\n    strategy: override\n", []string{"bar2"}, false},
		{"configuration_config_files_sequence_strategy_addonly", "  - path: conf_2.yaml\n    strategy: add-only\n", []string{"bar"}, false},
		{"configuration_config_files_sequence_wrong_strategy", "  - path: conf_2.yaml\n    strategy: wrong\n", []string{"bar", "bar2"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFiles(t, map[string]string{"main.yaml": seqMain(tc.entry), "conf_2.yaml": seqConf2, "conf_3.yaml": conf3Override})
			c, warns, err := Load("main.yaml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.RulesFiles, tc.want) {
				t.Errorf("rules_files = %q, want %q", c.RulesFiles, tc.want)
			}
			if c.OutputsQueueCapacity != 2 {
				t.Errorf("conf_2's new key: capacity %d", c.OutputsQueueCapacity)
			}
			if c.FileOutput.KeepAlive || c.FileOutput.Filename != def.FileOutput.Filename {
				t.Errorf("conf_3 replaces file_output: %+v", c.FileOutput)
			}
			if got := len(warns) == 1 && warns[0].Key == "config_files[0].strategy"; got != tc.warn {
				t.Errorf("warnings = %v, want a strategy warning: %v", warns, tc.warn)
			}
		})
	}
	t.Run("configuration_config_files_unexistent", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": "config_files:\n  - conf_5.yaml\nfile_output:\n  filename: foo\n"})
		c := load(t, "main.yaml")
		checkIncluded(t, c)
		if c.FileOutput.Filename != "foo" {
			t.Errorf("filename = %q", c.FileOutput.Filename)
		}
	})
	t.Run("configuration_config_files_scalar_config_files", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": strings.Replace(main, "config_files:\n  - conf_2.yaml\n  - conf_3.yaml\n", "config_files: conf_2.yaml\n", 1), "conf_2.yaml": conf2})
		c := load(t, "main.yaml")
		checkIncluded(t, c, "conf_2.yaml")
		checkMain(t, c)
	})
	t.Run("configuration_config_files_empty_config_files", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": "config_files:\npriority: warning\n"})
		c := load(t, "main.yaml")
		checkIncluded(t, c)
		if c.Priority != output.PriorityWarning {
			t.Errorf("priority = %v", c.Priority)
		}
	})
	t.Run("configuration_config_files_self", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": "config_files: main.yaml\npriority: warning\n"})
		if _, _, err := Load("main.yaml", nil); !errors.Is(err, ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("configuration_config_files_directory", func(t *testing.T) {
		t.Chdir(t.TempDir())
		dir := t.TempDir()
		writeFiles(t, map[string]string{
			"main.yaml":                                "config_files: " + filepath.Join(dir, "test") + "\n" + strings.TrimPrefix(main, "config_files:\n  - conf_2.yaml\n  - conf_3.yaml\n"),
			filepath.Join(dir, "test/conf_2.yaml"):     conf2,
			filepath.Join(dir, "test/conf_3.yaml"):     "log_level: critical\n" + conf3, // foo2: bar3
			filepath.Join(dir, "test/foo/conf_4.yaml"): conf4,
		})
		c := load(t, "main.yaml")
		checkIncluded(t, c, filepath.Join(dir, "test/conf_2.yaml"), filepath.Join(dir, "test/conf_3.yaml"))
		if c.Priority != output.PriorityWarning || c.FileOutput.Filename != "foo" || c.OutputsQueueCapacity != 2 || c.ProgramOutput.Program != "foo3" {
			t.Errorf("merged keys wrong: %+v", c)
		}
		if c.LogLevel != output.PriorityCritical {
			t.Errorf("log_level = %v, want conf_3's (files in name order)", c.LogLevel)
		}
		if c.TimeFormatISO8601 {
			t.Errorf("test/foo/conf_4.yaml was read: sub-directories are not")
		}
	})
	t.Run("configuration_config_files_cmdline", func(t *testing.T) {
		t.Chdir(t.TempDir())
		writeFiles(t, map[string]string{"main.yaml": "priority: warning\nfile_output:\n  filename: foo\n", "conf_2.yaml": conf2})
		c := load(t, "main.yaml", "config_files=conf_2.yaml", "log_level=alert")
		checkIncluded(t, c, "conf_2.yaml")
		if c.LogLevel != output.PriorityAlert || c.OutputsQueueCapacity != 2 || c.Priority != output.PriorityWarning {
			t.Errorf("log_level %v capacity %d priority %v", c.LogLevel, c.OutputsQueueCapacity, c.Priority)
		}
	})
	t.Run("configuration_config_files_rules_files_relative", func(t *testing.T) {
		// Peregrine's rule: a rules_files entry is relative to the
		// directory of the file that holds it, an included one too.
		t.Chdir(t.TempDir())
		dir := t.TempDir()
		writeFiles(t, map[string]string{
			"main.yaml":                        "config_files: " + filepath.Join(dir, "d") + "\n",
			filepath.Join(dir, "d/rules.yaml"): "rules_files: [sub/r.yaml]\n",
			filepath.Join(dir, "d/sub/r.yaml"): "- list: x\n  items: []\n",
		})
		c := load(t, "main.yaml")
		got, _, err := c.RulesPaths()
		if err != nil || len(got) != 1 || got[0] != filepath.Join(dir, "d/sub/r.yaml") {
			t.Errorf("RulesPaths = %q, %v", got, err)
		}
	})
}

func TestConfigFilesNotRegular(t *testing.T) {
	// Hostile input: a device would block a read forever.
	c, w, err := parseText(t, "config_files: [/dev/zero]\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Included) != 0 || len(w) != 1 || !strings.Contains(w[0].Msg, "not a regular file") {
		t.Errorf("included %q, warnings %v", c.Included, w)
	}
}
