# Deli: Go concurrency katas with a grader that measures.
# The two commands a new user needs: `make grade` and `make check`.

GO ?= go
# staticcheck, pinned; go run fetches and caches it on first use.
STATICCHECK = $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages the project vets: everything but the mutants, which are wrong on purpose.
VETTED = $$($(GO) list ./... | grep -v /mutants/)

.PHONY: grade test check fmt-check vet unit verify mutate solutions help

## grade: grade your exercises and say what to work on next
grade:
	$(GO) run ./grader

## test: run the exercises' suites under the race detector, as go test does
test:
	$(GO) test -race ./exercises/...

## check: the project's own tests: format, vet, the grader's unit tests, then grader verify
check: fmt-check vet unit verify

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(VETTED)
	$(STATICCHECK) ./grader/...

## unit: the grader's and the harness's own tests (the fast loop)
unit:
	$(GO) test ./grader/...

## verify: every solution full marks, every stub failing, every mutant caught
verify:
	$(GO) run ./grader verify

## mutate: mutate every reference solution with concurrency bugs and see which the suites kill (slow; docs/mutation.md)
MUTATE_JOBS ?= 2
mutate:
	$(GO) run ./grader mutate --jobs $(MUTATE_JOBS)

## solutions: grade the reference solutions
solutions:
	$(GO) run ./grader --solutions

help:
	@grep -E '^## ' Makefile | sed 's/^## /  make /'
