#!/bin/sh
# package_test.sh - socmem as a Debian package: dpkg-buildpackage -b builds
# the .deb from a copy of the source tree, lintian finds no error in it,
# and the installed package works: `socmem boot` on the installed example
# board, and a program under the installed preload library sees the
# emulated board (its heaps, its /proc/meminfo), served by the installed
# socmemd.
#
# As root, with no socmem package installed before, it installs the .deb
# for real (apt-get, so that dependencies are checked) and purges it at
# the end; otherwise (or with SOCMEM_PKG_TEST_INSTALL=extract) it unpacks
# it with dpkg-deb -x into a temporary root. Skipped (exit 77, with the
# reason) when dpkg-buildpackage, debhelper or asciidoctor is missing
# (scripts/install-deps.sh --test installs them). SOCMEM_PKG_TEST_DEB=FILE
# tests a .deb already built instead of building one.
# Usage: package_test.sh SOURCE_DIR
set -u
SRC=$1
for tool in dpkg-buildpackage dh asciidoctor cmake; do
	if ! command -v $tool >/dev/null; then
		echo "SKIP: no $tool (scripts/install-deps.sh --test installs it)"
		exit 77
	fi
done
T=$(mktemp -d /tmp/socmem-pkg.XXXXXX)
installed=
cleanup() {
	[ -n "$installed" ] && apt-get purge -y -qq -o DPkg::Lock::Timeout=300 \
		socmem >/dev/null 2>&1
	[ -S "$T/state/socket" ] && SOCMEM_STATE=$T/state $SOCMEM daemon stop >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }

# ---- build ---------------------------------------------------------------
version=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
DEB=$T/socmem_${version}_${arch}.deb
if [ -n "${SOCMEM_PKG_TEST_DEB:-}" ]; then
	cp "$SOCMEM_PKG_TEST_DEB" "$DEB" || fail "no $SOCMEM_PKG_TEST_DEB"
	ok "testing $SOCMEM_PKG_TEST_DEB (not built here)"
else
mkdir "$T/src"
tar -C "$SRC" --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude=./debian/socmem --exclude=./debian/.debhelper -cf - . |
	tar -C "$T/src" -xf - || fail "cannot copy the source tree"
cd "$T/src" || exit 1
nodeps=
if ! dpkg-checkbuilddeps >"$T/deps" 2>&1; then
	echo "note: $(cat "$T/deps"); building anyway (-d), the build will tell"
	nodeps=-d
fi
if ! DEB_BUILD_OPTIONS="parallel=$(nproc) nocheck" dpkg-buildpackage -b -us -uc $nodeps \
	>"$T/build.log" 2>&1; then
	tail -30 "$T/build.log"
	fail "dpkg-buildpackage -b -us -uc failed"
fi
[ -f "$DEB" ] || fail "no $DEB"
ok "dpkg-buildpackage built $(basename "$DEB")"
cd "$T" || exit 1
fi

# ---- lintian: no errors ------------------------------------------------------
if command -v lintian >/dev/null; then
	lintian --fail-on error "$DEB" >"$T/lintian" 2>&1
	rc=$?
	cat "$T/lintian"
	[ $rc = 0 ] || fail "lintian found errors"
	ok "lintian: no errors"
else
	echo "note: no lintian, not checked"
fi

# ---- what the package holds ------------------------------------------------
dpkg-deb -c "$DEB" | awk '{print $6}' > "$T/contents"
for f in ./usr/bin/socmem ./usr/libexec/socmem/socmemd \
	./usr/share/socmem/boards/seed.dts ./usr/share/man/man1/socmem.1.gz \
	./usr/share/man/man1/socmem-boot.1.gz ./usr/share/man/man8/socmemd.8.gz \
	./usr/share/man/man7/libsocmem-preload.7.gz \
	./usr/share/bash-completion/completions/socmem \
	./usr/share/doc/socmem/README.md; do
	grep -Eqx "$f(\.gz)?" "$T/contents" || fail "the package lacks $f"
done
grep -q '/socmem/libsocmem-preload.so$' "$T/contents" ||
	fail "the package lacks libsocmem-preload.so"
ok "the package holds the programs, boards, man pages, completion, docs"

# ---- install: for real (root, nothing installed before) or extracted -------
mode=${SOCMEM_PKG_TEST_INSTALL:-}
if [ -z "$mode" ]; then
	mode=extract
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
		! dpkg-query -W -f='${Status}' socmem 2>/dev/null | grep -q installed; then
		mode=install
	fi
fi
if [ "$mode" = install ]; then
	# one package test at a time on this machine installs (other work trees)
	exec 9>/tmp/socmem-package-test.lock
	flock 9
	installed=yes
	apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
		"$DEB" >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "apt-get install of the .deb failed"; }
	ROOT=
	ok "installed with apt-get"
else
	ROOT=$T/root
	dpkg-deb -x "$DEB" "$ROOT" || fail "dpkg-deb -x failed"
	# the installed programs look for each other under /usr: point them here
	export SOCMEM_DAEMON=$ROOT/usr/libexec/socmem/socmemd
	export SOCMEM_BOARD=$ROOT/usr/share/socmem/boards/seed.dts
	ok "extracted with dpkg-deb -x (not root, or a socmem package was installed)"
fi
SOCMEM=$ROOT/usr/bin/socmem
PRELOAD=$(ls "$ROOT"/usr/lib/*/socmem/libsocmem-preload.so 2>/dev/null | head -1)
[ -n "$PRELOAD" ] || PRELOAD=$(ls "$ROOT"/usr/lib/socmem/libsocmem-preload.so)

# ---- socmem boot on the installed example -------------------------------------
"$SOCMEM" boot --cmdline cma=64M "$ROOT/usr/share/socmem/boards/seed.dts" >"$T/boot" 2>&1 ||
	{ cat "$T/boot"; fail "socmem boot on the installed example failed"; }
grep -q 'reserved .*64 MiB default-cma .*placed' "$T/boot" ||
	{ cat "$T/boot"; fail "socmem boot: no 64 MiB default CMA area"; }
ok "socmem boot on the installed example board"
"$SOCMEM" boot --help >/dev/null || fail "socmem boot --help"

# ---- a program under the installed preload library -------------------------------
export SOCMEM_STATE=$T/state SOCMEM_CMDLINE=cma=64M
env LD_PRELOAD="$PRELOAD" sh -c 'ls /dev/dma_heap; grep Cma /proc/meminfo' \
	>"$T/preload" 2>&1 || { cat "$T/preload"; fail "a program under the preload failed"; }
grep -qx reserved "$T/preload" && grep -qx system "$T/preload" ||
	{ cat "$T/preload"; fail "no emulated /dev/dma_heap/{system,reserved}"; }
grep -Eq '^CmaTotal: +98304 kB' "$T/preload" ||
	{ cat "$T/preload"; fail "/proc/meminfo is not the emulated board's"; }
ok "ls /dev/dma_heap and /proc/meminfo under the installed preload library"
"$SOCMEM" heap list >"$T/heaps" 2>&1 || { cat "$T/heaps"; fail "socmem heap list"; }
grep -q "socmemd" "$T/heaps" || fail "socmem heap list does not name socmemd"
ok "socmem heap list talks to the installed socmemd"
"$SOCMEM" daemon stop >/dev/null 2>&1

echo "$n passed, 0 failed"
