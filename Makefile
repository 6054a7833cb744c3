# Thin wrapper over CMake. The two commands a newcomer needs are `make run` and
# `make test`; both install missing Debian packages first (as root) and build.

BUILD_DIR      ?= build/release
TEST_BUILD_DIR ?= build/test
JOBS           ?= $(shell nproc 2>/dev/null || echo 2)
# pandoc: the man pages, built from docs/ with the program.
DEB_PACKAGES   := cmake gcc libc6-dev make pkg-config libjansson-dev libgsl-dev libcmocka-dev \
                  libmicrohttpd-dev gettext pandoc
# What `make test` needs beyond the build: the `aiwatt serve` tests start a
# real Prometheus, a headless Chromium (driven by playwright-core from npm,
# tests/web/package-lock.json) and Python 3 standard-library fakes. Node.js
# and npm come from Debian (nodejs, npm) unless a node and npm are already
# installed (NodeSource's nodejs bundles npm and conflicts with Debian's).
# fonts-nanum: a Korean font, so the report page renders Hangul in Chromium.
# python3-pytest: the Python package's tests; man-db, bash-completion: the
# install test (man -l, the completion script).
TEST_DEB_PACKAGES := prometheus chromium python3 fonts-nanum python3-pytest man-db bash-completion
# The clang build (sanitizers with float-cast-overflow and
# implicit-conversion, libFuzzer).
FUZZ_DEB_PACKAGES := clang libclang-rt-14-dev

MAKEFLAGS += --no-print-directory

.PHONY: all run test test-deps deps build build-test bench clean fuzz build-fuzz test-clang install

# The clang build: ASan+UBSan (with float-cast-overflow and
# implicit-conversion, which GCC's UBSan lacks) and libFuzzer coverage.
# `make test` runs the GCC build's tests, then `make test-clang`: the clang
# build's unit tests and each fuzz target for FUZZ_TEST_SECONDS (JOBS
# targets at a time); `make fuzz` runs each target for FUZZ_SECONDS.
FUZZ_BUILD_DIR    ?= build/fuzz
FUZZ_SECONDS      ?= 60
FUZZ_TEST_SECONDS ?= 30

all: build

deps:
	@./tools/install-deps.sh $(DEB_PACKAGES)

# Builds print their log only when they fail, so `make run` shows the report.
build: deps
	@mkdir -p $(BUILD_DIR)
	@echo "aiwatt: building in $(BUILD_DIR) (log: $(BUILD_DIR)/build.log)" >&2
	@{ cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DAIWATT_TESTS=OFF && \
	   cmake --build $(BUILD_DIR) -j $(JOBS); } >$(BUILD_DIR)/build.log 2>&1 || \
	 { cat $(BUILD_DIR)/build.log; exit 1; }

build-test: deps
	@mkdir -p $(TEST_BUILD_DIR)
	@echo "aiwatt: building with ASan+UBSan in $(TEST_BUILD_DIR) (log: $(TEST_BUILD_DIR)/build.log)" >&2
	@{ cmake -S . -B $(TEST_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DAIWATT_SANITIZE=ON && \
	   cmake --build $(TEST_BUILD_DIR) -j $(JOBS); } >$(TEST_BUILD_DIR)/build.log 2>&1 || \
	 { cat $(TEST_BUILD_DIR)/build.log; exit 1; }

# The main job: the story of AI energy on the embedded default catalog.
run: build
	@$(BUILD_DIR)/aiwatt report --svg $(BUILD_DIR)/aiwatt-report.svg \
	  --html $(BUILD_DIR)/aiwatt-report.html

# The release build too: `make run` builds with -O2, whose warnings (as
# errors) the Debug sanitizer build does not see.
test: build build-test test-deps
	@cd $(TEST_BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) test-clang

# The clang build's unit tests and FUZZ_TEST_SECONDS of each fuzz target
# (a few minutes of building on 2 cores, then the runs).
test-clang: build-fuzz
	@JOBS=$(JOBS) ./tests/fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_TEST_SECONDS) 1

build-fuzz: deps
	@./tools/install-deps.sh $(FUZZ_DEB_PACKAGES)
	@mkdir -p $(FUZZ_BUILD_DIR)
	@echo "aiwatt: building with clang, ASan+UBSan and libFuzzer in $(FUZZ_BUILD_DIR) (log: $(FUZZ_BUILD_DIR)/build.log)" >&2
	@{ CC=clang cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DAIWATT_SANITIZE=ON \
	     -DAIWATT_FUZZ=ON && cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS); } \
	   >$(FUZZ_BUILD_DIR)/build.log 2>&1 || { cat $(FUZZ_BUILD_DIR)/build.log; exit 1; }

fuzz: build-fuzz
	@JOBS=$(JOBS) ./tests/fuzz/run.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

test-deps:
	@./tools/install-deps.sh $(TEST_DEB_PACKAGES)
	@command -v node >/dev/null 2>&1 || ./tools/install-deps.sh nodejs
	@command -v npm >/dev/null 2>&1 || ./tools/install-deps.sh npm
	@[ -d tests/web/node_modules/playwright-core ] || \
	 (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)

# Installs under PREFIX (default /usr/local; DESTDIR is honoured): the CLI,
# libaiwatt (shared and static) with its headers and pkg-config file, man
# pages, bash completion and the Python package. See cmake/Install.cmake.
PREFIX ?= /usr/local
install: build
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

# Benchmarks use a Release build with the test fakes (fake NVML library).
BENCH_BUILD_DIR ?= build/bench
bench: deps
	@mkdir -p $(BENCH_BUILD_DIR)
	@{ cmake -S . -B $(BENCH_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release && \
	   cmake --build $(BENCH_BUILD_DIR) -j $(JOBS); } >$(BENCH_BUILD_DIR)/build.log 2>&1 || \
	 { cat $(BENCH_BUILD_DIR)/build.log; exit 1; }
	@./bench/run.sh $(BENCH_BUILD_DIR)

clean:
	rm -rf build
