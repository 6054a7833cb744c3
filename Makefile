# Thin wrapper over CMake. The two commands a newcomer needs are `make run` and
# `make test`; both install missing Debian packages first (as root) and build.

BUILD_DIR      ?= build/release
TEST_BUILD_DIR ?= build/test
JOBS           ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PACKAGES   := cmake gcc libc6-dev make pkg-config libjansson-dev libgsl-dev libcmocka-dev

MAKEFLAGS += --no-print-directory

.PHONY: all run test deps build build-test bench clean

all: build

deps:
	@./tools/install-deps.sh $(DEB_PACKAGES)

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-test: deps
	@cmake -S . -B $(TEST_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DAIWATT_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD_DIR) -j $(JOBS)

# The main job: the story of AI energy on the embedded default catalog.
run: build
	@$(BUILD_DIR)/aiwatt report --svg $(BUILD_DIR)/aiwatt-report.svg

test: build-test
	@cd $(TEST_BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	@./bench/run.sh $(BUILD_DIR)

clean:
	rm -rf build
