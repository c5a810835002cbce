# Peregrine. `make run` and `make test` are the Quick start (README.md).
GO       ?= go
BIN      := bin/peregrine
PKGS     := ./...
LINT     := $(shell command -v golangci-lint 2>/dev/null || echo $(HOME)/go/bin/golangci-lint)
LINT_VERSION := v2.15.0

.PHONY: all build run test test-corpus corpus test-short bench generate lint lint-tools fuzz clean golden bench-scap bench-record bench-follow bench-replay docs bench-rules

all: build

build:
	$(GO) build -o $(BIN) ./cmd/peregrine

# The main job with its embedded defaults.
run: build
	./scripts/run.sh $(BIN)

test: build
	$(GO) test -count=1 $(PKGS)
	$(BIN) test corpus

# Rule regression over the corpus only (docs/corpus.md).
test-corpus: build
	$(BIN) test corpus

# Re-record the corpus cases that have a scenario.sh (root; podman), then
# compare them with their expectations (docs/corpus.md). CASES= limits it
# to some case folders, e.g. CASES=corpus/reverse-shell.
corpus: build
	./scripts/corpus.sh -b $(BIN) $(CASES)

test-short:
	$(GO) test -short $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

generate:
	$(GO) generate ./probe/...

# Generated documentation: docs/fields.md from the field catalogue (a test
# fails when it is stale).
docs:
	$(GO) run ./cmd/peregrine fields --markdown > docs/fields.md

# Rules engine: compile time of the upstream Falco rule files and
# evaluation cost per event (ns/event, allocations), and the cost of
# rendering a -p format.
bench-rules:
	$(GO) test -run '^$$' -bench 'CompileUpstream|EvalUpstream|EvalDefault|Render' -benchmem ./rules

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@if [ -x "$(LINT)" ]; then $(LINT) run $(PKGS); else echo "golangci-lint not installed: run 'make lint-tools' for the full lint (depguard, staticcheck)"; fi

lint-tools:
	GOBIN=$(HOME)/go/bin $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(LINT_VERSION)

# Differential tests of the .scap import: regenerate the goldens from sysdig
# (needs sysdig 0.29.3, apt-get install sysdig). The tests need no sysdig.
golden:
	./scripts/golden.sh

# Race the .scap import against sysdig on a ~2 million event capture.
bench-scap:
	./scripts/bench-scap.sh

# Replay speed without rules, with the default rules and with the upstream
# Falco rules (events/s), and peak memory of a capture 10x longer.
bench-replay:
	./scripts/bench-replay.sh

# Load of the recorder on a syscall-heavy workload (root): slowdown against no
# hook and an empty sys_exit hook, drops, recorder CPU per million events.
bench-record:
	./scripts/bench-record.sh

# The probe's cost when following a command (root, bpftool): per sys_exit
# run, host-wide against following the workload and following another
# process (docs/record.md).
bench-follow:
	./scripts/bench-follow.sh

# Run every fuzz target of every package for FUZZTIME each (make test runs
# their seed corpora; commit minimised crashers from testdata/fuzz).
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin
	$(GO) clean -testcache
