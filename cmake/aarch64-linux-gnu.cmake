# Cross-build socmem for arm64 Linux with Debian's cross toolchain and its
# multiarch :arm64 development packages (libfdt-dev:arm64, liblz4-dev:arm64,
# libzstd-dev:arm64, zlib1g-dev:arm64, libsmartcols-dev:arm64,
# liblzo2-dev:arm64): `make cross` installs them and uses this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Libraries and pkg-config files come from the arm64 multiarch directories
# (CMAKE_LIBRARY_ARCHITECTURE: /usr/lib/aarch64-linux-gnu); headers are
# shared with the host (Debian's -dev packages put arch-independent headers
# in /usr/include). SOCMEM_CROSS_SYSROOT (CMakeLists.txt) adds what cannot
# be installed beside the host's packages (libfdt-dev:arm64).
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Tests built here cannot run on the host; QEMU user mode runs them when
# it is installed (qemu-user), as CTest's emulator.
find_program(SOCMEM_QEMU_AARCH64 qemu-aarch64-static qemu-aarch64)
if(SOCMEM_QEMU_AARCH64)
	set(CMAKE_CROSSCOMPILING_EMULATOR ${SOCMEM_QEMU_AARCH64}
		-L /usr/aarch64-linux-gnu)
endif()
