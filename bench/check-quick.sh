#!/bin/sh
# check-quick.sh BENCHMARK [ARGS...] - run a benchmark's quick mode as a
# test: it fails when the benchmark exits non-zero or dies (it could not
# measure what it says), or prints no figure (a number with a unit, or a
# ratio). Times are never judged.
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 0 ]; then
	echo "check-quick: $1 exited with status $rc" >&2
	exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq \
	'[0-9]+(\.[0-9]+)? *(ns|us|ms|s|B|MiB/s|GB/s|x|%)([^A-Za-z]|$)'; then
	echo "check-quick: $1 printed no figure" >&2
	exit 1
fi
if printf '%s\n' "$out" | grep -Eqw 'nan|inf|-nan'; then
	echo "check-quick: $1 printed a figure that is not a number" >&2
	exit 1
fi
