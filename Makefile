# Ferry: the two commands a new machine needs are `make run` and `make test`.
BUILD_DIR ?= build
PRESET    ?= default
JOBS      ?= $(shell nproc)
DEMO      := resources/demo/retail-demo.json
CTEST_ARGS ?=

# ccache: share cached objects between checkouts in different folders.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
export CCACHE_SLOPPINESS := pch_defines,time_macros

.PHONY: all deps configure build run test test-fast bench package clean demo-data format

all: build

deps:
	@installer/deps-debian.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake --preset $(PRESET)

configure: deps
	cmake --preset $(PRESET)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo-data: build
	@resources/demo/generate-sample-data.sh

run: build demo-data
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ] || [ "$$QT_QPA_PLATFORM" = offscreen ]; then \
		$(BUILD_DIR)/app/ferry $(DEMO); \
	else \
		echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): validating the demo project with ferry-cli instead."; \
		$(BUILD_DIR)/app/ferry-cli validate $(DEMO); \
	fi

# Every test, slow ones included (each runs once); ends with CTest's summary line.
test: build demo-data
	tests/servers/install.sh
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900 $(CTEST_ARGS)

# Only the fast tests, for the edit-compile-test loop.
test-fast: build demo-data
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -LE slow $(CTEST_ARGS)

bench: build
	@tests/bench/run-all.sh

package: build
	cd $(BUILD_DIR) && cpack

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
