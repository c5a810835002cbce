module github.com/peregrine-sec/peregrine

go 1.26

require (
	github.com/expr-lang/expr v1.17.8
	github.com/klauspost/compress v1.20.4
	github.com/spf13/pflag v1.1.0 // indirect
	gopkg.in/yaml.v3 v3.0.1
)
