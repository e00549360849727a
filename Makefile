# Deli: Go concurrency katas with a grader that measures.
# The two commands a new user needs: `make grade` and `make check`.

GO ?= go
# staticcheck, pinned; go run fetches and caches it on first use.
STATICCHECK = $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# actionlint, pinned: lints the GitHub Actions workflows that courses use.
ACTIONLINT = $(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
# Packages the project vets: everything but the mutants, which are wrong on purpose.
VETTED = $$($(GO) list ./... | grep -v /mutants/)

.PHONY: grade grader test check fmt-check vet unit verify mutate mutate-sample solutions gradescope help bin/grader

## grade: grade your exercises and say what to work on next (ARGS="08 -v" passes flags)
grade: bin/grader
	./bin/grader $(ARGS)

## grader: build bin/grader, whose exit status is the one docs/grader.md gives (go run reports every failure as 1)
grader: bin/grader

# go build is incremental, so the grader is rebuilt only when its code changed.
bin/grader:
	$(GO) build -o $@ ./grader

## test: run the suites of the katas you started under go test -race (K=08 for one kata, started or not)
test: bin/grader
	@pkgs=$$(./bin/grader list --started --packages $(K)); \
	if [ -z "$$pkgs" ]; then echo "No kata started yet: fill in exercises/01-sequential/sequential.go first (or make test K=01)."; \
	else echo "$(GO) test -race $$pkgs"; $(GO) test -race $$pkgs; fi

## check: the project's own tests: format, vet, the grader's unit tests, grader verify, the mutation sample
check: fmt-check vet unit verify mutate-sample

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(VETTED)
	$(STATICCHECK) ./grader/...
	$(ACTIONLINT) .github/workflows/*.yml
	bash -n scripts/ci/*.sh

## unit: the grader's and the harness's own tests (the fast loop)
unit:
	$(GO) test ./grader/...

## verify: every solution full marks, every stub failing, every mutant caught
verify: bin/grader
	./bin/grader verify

## mutate: mutate every reference solution with concurrency bugs and see which the suites kill (slow; docs/mutation.md)
MUTATE_JOBS ?= 2
mutate: bin/grader
	./bin/grader mutate --jobs $(MUTATE_JOBS)

# mutate-sample: the equivalent files still match their mutants (builds nothing),
# and a fixed sample of one mutant of a few katas is killed.
mutate-sample: bin/grader
	./bin/grader mutate --list >/dev/null
	./bin/grader mutate --sample 1 --jobs 2 --min-score 100 02 04 14

## solutions: grade the reference solutions
solutions: bin/grader
	./bin/grader --solutions

## gradescope: write bin/gradescope.zip, the autograder of a Gradescope assignment (docs/ci.md; ARGS=--unsandboxed grades without the sandbox)
gradescope: bin/grader
	./bin/grader gradescope-bundle $(ARGS) bin/gradescope.zip

help:
	@grep -E '^## ' Makefile | sed 's/^## /  make /'
