# Ringlet. The two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
# The ringlet binary copes with any locale (internal/localeenv), but test
# binaries import Fyne without it, and Fyne logs errors for LANG=C.UTF-8.
export LANG := $(if $(filter C C.UTF-8 POSIX,$(LANG)),en_US.UTF-8,$(or $(LANG),en_US.UTF-8))
export CGO_ENABLED := 1
BIN := bin/ringlet
FUZZTIME ?= 20s

.PHONY: deps build run test vet fuzz package bench bench-gui demo docs clean windows windows-installer test-windows

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -trimpath -ldflags='-s -w' -o $(BIN) ./cmd/ringlet

run: build
	./$(BIN) $(ARGS)

# go vet, and govulncheck against a vulnerability database built locally
# from the module proxy (scripts/vulncheck.sh says why and how).
vet: deps
	$(GO) vet ./...
	$(GO) vet -tags screenshots ./app
	$(GO) vet -tags benchwindow ./app ./cmd/ringlet
	scripts/vulncheck.sh

test: deps vet
	scripts/livekit-server.sh >/dev/null
	scripts/livekit-client.sh >/dev/null
	$(GO) test -count=1 -timeout 40m ./...
	scripts/keyring-test.sh
	$(MAKE) test-windows

# Windows, cross-built from Linux (mingw-w64; libopus and libvpx from Debian's
# sources, cached machine-wide; see README "Windows").
windows:
	scripts/windows-build.sh

windows-installer: windows
	scripts/windows-installer.sh

# The Windows build and its installer under Wine (headless; Xvfb for the GUI).
test-windows: windows-installer
	$(GO) test -count=1 -tags wine -timeout 20m ./tests/windows

# Bounded fuzzing of every parser; the corpus lives in testdata/fuzz.
fuzz: deps
	@set -e; for target in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$target/*_test.go | sed 's/^func //'); do \
	    echo "fuzz $$target $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$target; \
	  done; \
	done

package: deps
	scripts/package.sh

bench: deps
	scripts/bench.sh

# The window's cold start and its memory in a 3-person call (Xvfb, root).
bench-gui: deps
	scripts/bench-gui.sh

demo: build
	scripts/demo.sh

docs: build
	scripts/docs.sh

clean:
	rm -rf bin dist
