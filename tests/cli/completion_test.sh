#!/bin/sh
# completion_test.sh - the bash completion offers the commands, each
# command's options (read from its --help) and its subcommands.
# Usage: completion_test.sh SOCMEM COMPLETION_SCRIPT
set -u
if ! command -v bash >/dev/null; then echo "SKIP: no bash"; exit 77; fi
PATH=$(dirname "$1"):$PATH bash -c '
. "$1"
n=0 fails=0
# complete WORDS... : what _socmem offers for the last word
complete_() {
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_socmem; echo "${COMPREPLY[*]}"
}
want() { # NAME GOT PATTERN
	n=$((n + 1))
	case " $2 " in *" $3 "*) ;; *) echo "FAIL $1: got \"$2\""; fails=$((fails + 1)) ;; esac
}
want "commands" "$(complete_ socmem b)" boot
want "commands" "$(complete_ socmem "")" logdiff
want "boot options" "$(complete_ socmem boot --k)" --kernel
want "boot --format" "$(complete_ socmem boot --format j)" json
want "zram options" "$(complete_ socmem zram --max)" --max-size
want "heap subcommands" "$(complete_ socmem heap a)" alloc
want "kernels" "$(complete_ socmem check -k 7)" 7.2
echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]' sh "$2"
