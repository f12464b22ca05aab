# socmem - the README's two commands, and a few more.
#   make run     install missing build dependencies, build, run `socmem boot`
#                on the bundled example board (the platform guide's map)
#   make test    build and run every test (CTest); SANITIZE=1 for ASan+UBSan
#   make fuzz    build the libFuzzer targets with clang and run each one
#   make bench   build and run the benchmarks
#   make cross   cross-build static arm64 binaries into build-arm64/
#   make test-kernel  the kernel-in-the-loop suite (tests/kernel/)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ifeq ($(SANITIZE),1)
BUILD := build-asan
CMAKE_FLAGS += -DSOCMEM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
endif
SOCMEM = $(BUILD)/tools/socmem/socmem
FUZZ_RUNS ?= 1000000
FUZZ_SCRIPT_RUNS ?= 200000

CROSS_BUILD ?= build-arm64
CROSS_SYSROOT = $(CURDIR)/$(CROSS_BUILD)-sysroot

.PHONY: all deps test-deps fuzz-deps build run test fuzz bench clean cross test-kernel

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

# twice: the first run installs clang, the second its version's libFuzzer
fuzz-deps:
	@scripts/install-deps.sh --fuzz
	@scripts/install-deps.sh --fuzz

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: deps
	@$(MAKE) --no-print-directory build
	$(SOCMEM) boot --cmdline "cma=64M" examples/boards/seed.dts

# The kernel-in-the-loop subset in `make test` needs the arm64 build; it
# is made when the heap kernels and the cross tools are here (CI installs
# them with tests/kernel/deps.sh), else that test says why it skipped.
KERNEL_IMAGES ?= ../shared/oracle/heaps/images

test: test-deps
	@$(MAKE) --no-print-directory build
	@if ls $(KERNEL_IMAGES)/Image-*.gz >/dev/null 2>&1 && \
	    tests/kernel/deps.sh --check >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory cross; fi
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

fuzz: fuzz-deps
	cmake -S . -B build-fuzz -DSOCMEM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS)
	scripts/run-fuzzers.sh build-fuzz $(FUZZ_RUNS) $(FUZZ_SCRIPT_RUNS)

bench: build
	scripts/run-benchmarks.sh $(BUILD)

# arm64 binaries for Debian arm64 systems; tests/kernel/ puts them in a
# busybox initramfs with the shared libraries they need. (SOCMEM_STATIC=ON
# links them statically where every library has a .a; Debian ships no
# libsmartcols.a.)
cross:
	@scripts/cross-deps.sh $(CROSS_SYSROOT)
	cmake -S . -B $(CROSS_BUILD) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
		-DSOCMEM_CROSS_SYSROOT=$(CROSS_SYSROOT) $(CROSS_FLAGS)
	cmake --build $(CROSS_BUILD) -j $(JOBS)

test-kernel: build cross
	@tests/kernel/deps.sh
	tests/kernel/run-suite.sh $(BUILD) $(CROSS_BUILD)

clean:
	rm -rf build build-asan build-fuzz $(CROSS_BUILD) $(CROSS_SYSROOT)
