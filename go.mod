module github.com/peregrine-sec/peregrine

go 1.26

require (
	github.com/klauspost/compress v1.20.4
	github.com/spf13/pflag v1.1.0 // indirect
)
