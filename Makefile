# Thin wrapper around CMake (as neovim does).  The two everyday commands:
#   make demo   build and run the guided demo
#   make test   build and run every test (Check suites + Valgrind memcheck)
BUILD     ?= build
BUILD_COV ?= build-coverage
BUILD_ASAN?= build-asan
BUILD_TSAN?= build-tsan
BUILD_REL ?= build-release
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS?=
CTEST     := ctest --output-on-failure --no-tests=error -j$(JOBS)

.PHONY: all deps build demo test unit memcheck coverage bench asan tsan install clean

all: build

deps:
	@sh scripts/ensure-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/tools/irqlab demo

# Unit suites (fork mode) and the memcheck pass (CK_FORK=no under Valgrind).
test: build
	cd $(BUILD) && $(CTEST)

unit: build
	cd $(BUILD) && $(CTEST) -L unit

memcheck: build
	cd $(BUILD) && $(CTEST) -L memcheck

coverage: deps
	cmake -S . -B $(BUILD_COV) -DIRQLAB_COVERAGE=ON -DIRQLAB_MEMCHECK=OFF \
		-DIRQLAB_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug $(CMAKE_ARGS)
	cmake --build $(BUILD_COV) -j$(JOBS)
	cmake --build $(BUILD_COV) --target coverage

bench: deps
	cmake -S . -B $(BUILD_REL) -DCMAKE_BUILD_TYPE=Release -DIRQLAB_BUILD_TESTS=OFF \
		-DIRQLAB_DEBUG_LOCKS=OFF $(CMAKE_ARGS)
	cmake --build $(BUILD_REL) -j$(JOBS)
	@for b in $(BUILD_REL)/bench/bench_*; do [ -x "$$b" ] && "$$b" || exit 1; done

asan: deps
	cmake -S . -B $(BUILD_ASAN) -DIRQLAB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_ARGS)
	cmake --build $(BUILD_ASAN) -j$(JOBS)
	cd $(BUILD_ASAN) && $(CTEST) -L unit

tsan: deps
	cmake -S . -B $(BUILD_TSAN) -DIRQLAB_TSAN=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_ARGS)
	cmake --build $(BUILD_TSAN) -j$(JOBS)
	cd $(BUILD_TSAN) && $(CTEST) -L unit

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_COV) $(BUILD_ASAN) $(BUILD_TSAN) $(BUILD_REL)
