# Weft — the two commands are `make run` and `make test`; both set up what
# they need first (build/scripts/setup.sh is idempotent).

SHELL := /bin/bash
GOBIN := $(shell go env GOPATH)/bin
WAILS := $(GOBIN)/wails
# Go packages (frontend/node_modules is never walked by ./...).
GOPKGS := . ./app/... ./engine/... ./connectors/... ./cmd/... ./frontend ./bench/... ./build/genapi
GODIRS := main.go app engine connectors cmd frontend/assets.go bench build/genapi
VERSION ?= 0.1.0-dev
LDFLAGS := -s -w -X github.com/weftworks/weft/engine/buildinfo.Version=$(VERSION)

.PHONY: run test setup build frontend runner desktop lint go-test frontend-test e2e desktop-smoke bench bench-mapping pgo bench-runner bench-studio bench-cluster gen-api clean

## run: set up, build, and start Weft Studio (a window with $$DISPLAY, else the browser UI)
run: setup build
	@if [ -n "$$DISPLAY" ]; then \
		echo "Starting Weft Studio (desktop)"; ./build/bin/weft-studio; \
	else \
		echo "No DISPLAY: starting Weft Studio for the browser"; ./bin/weft studio; \
	fi

## test: set up, then every test: Go, Vitest, Playwright e2e, desktop smoke
test: setup lint go-test frontend-test build e2e desktop-smoke
	@echo "make test: all suites passed"

setup:
	@build/scripts/setup.sh

build: frontend runner desktop

frontend:
	cd frontend && npm run build

runner: frontend
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o bin/weft ./cmd/weft

desktop: frontend
	$(WAILS) build -s -skipbindings -trimpath -ldflags '$(LDFLAGS)'

lint:
	@out="$$(gofmt -l $(GODIRS))"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet $(GOPKGS)

go-test:
	go test -count=1 $(GOPKGS)

frontend-test:
	cd frontend && npm test

e2e: runner
	cd frontend && WEFT_BIN=$(CURDIR)/bin/weft WEFT_ARTIFACTS=$(CURDIR)/bin/artifacts npm run e2e

desktop-smoke: desktop runner
	build/scripts/desktop-smoke.sh
	build/scripts/desktop-bundles.sh

bench:
	go test -run '^$$' -bench . -benchtime 2x ./bench/...

## bench-mapping: the orders-to-ERP mapping on 1M records against hand-written Go
bench-mapping: runner
	go run ./bench/mapbench -n $(or $(N),1000000) -runs $(or $(RUNS),3) -weft bin/weft

## pgo: record cmd/weft/default.pgo, the profile go build optimises weft with, from weft map on 1M generated orders
pgo: runner
	go run ./bench/mapbench generate 1000000 > bin/pgo-orders.ndjson
	bin/weft map bench/mapbench/orders.mapping.json --input bin/pgo-orders.ndjson --workers 1 --cpuprofile bin/pgo-decl.prof > /dev/null
	bin/weft map bench/mapbench/orders-script.mapping.json --input bin/pgo-orders.ndjson --workers 1 --cpuprofile bin/pgo-script.prof > /dev/null
	bin/weft map bench/mapbench/orders-script-helper.mapping.json --script-engine goja --input bin/pgo-orders.ndjson --workers 1 --cpuprofile bin/pgo-goja.prof > /dev/null
	go tool pprof -proto bin/pgo-decl.prof bin/pgo-script.prof bin/pgo-goja.prof > cmd/weft/default.pgo
	rm bin/pgo-orders.ndjson bin/pgo-decl.prof bin/pgo-script.prof bin/pgo-goja.prof

## bench-studio: a generated 500-node flow in weft studio in Chromium (open, pan/zoom fps, auto-layout, RSS, cold start) beside Node-RED's editor (N=500)
bench-studio: runner
	node bench/studiobench/main.mjs --weft bin/weft --nodes $(or $(N),500)

## bench-cluster: weft serve --cluster at 1, 2 and 3 runners on an embedded 3-node JetStream cluster (M=2000 messages)
bench-cluster: runner
	go run ./bench/clusterbench -weft bin/weft -m $(or $(M),2000)

## bench-runner: weft serving webhook → mapping → response against hand-written net/http, under wrk (D=10s ROUNDS=1)
bench-runner: runner
	go run ./bench/runnerbench -weft bin/weft -d $(or $(D),10s) -rounds $(or $(ROUNDS),1)

## gen-api: regenerate frontend/src/api/generated.ts from app.Service (checked in; a Go test fails when it drifts)
gen-api:
	go run ./build/genapi

clean:
	rm -rf bin build/bin frontend/dist/assets frontend/dist/index.html
