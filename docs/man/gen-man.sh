#!/bin/sh
# gen-man.sh - the man pages, from their one source each (the .adoc.in
# files here) with asciidoctor. A command's options are not written twice:
# its page includes the command's own --help text from the same build, so
# a page cannot drift from the program.
# Usage: gen-man.sh SOCMEM SRCDIR OUTDIR VERSION PRELOAD DAEMON BOARD DATADIR
set -eu
SOCMEM=$1 SRC=$2 OUT=$3 VERSION=$4 PRELOAD=$5 DAEMON=$6 BOARD=$7 DATADIR=$8
ASCIIDOCTOR=${ASCIIDOCTOR:-asciidoctor}
mkdir -p "$OUT"

# page TEMPLATE OUTPUT [CMD SUMMARY HELPFILE]
page() {
	sed -e "s|@VERSION@|$VERSION|g" -e "s|@PRELOAD@|$PRELOAD|g" \
	    -e "s|@DAEMON@|$DAEMON|g" -e "s|@BOARD@|$BOARD|g" \
	    -e "s|@DATADIR@|$DATADIR|g" -e "s|@CMD@|${3:-}|g" \
	    -e "s|@SUMMARY@|${4:-}|g" -e "s|@HELP@|${5:-}|g" \
	    "$SRC/$1" > "$OUT/$2.adoc"
	"$ASCIIDOCTOR" -b manpage -a reproducible -o "$OUT/$2" "$OUT/$2.adoc"
}

"$SOCMEM" --help > "$OUT/socmem.help"
page socmem.1.adoc.in socmem.1 "" "" "$OUT/socmem.help"
# the commands and their summaries, as `socmem --help` lists them
sed -n '/^Commands:/,/^$/p' "$OUT/socmem.help" | sed -n 's/^ \([a-z]*\)  *\(.*\)/\1 \2/p' |
while read -r cmd summary; do
	"$SOCMEM" "$cmd" --help > "$OUT/$cmd.help"
	page socmem-command.1.adoc.in "socmem-$cmd.1" "$cmd" "$summary" \
		"$OUT/$cmd.help"
done
page socmemd.8.adoc.in socmemd.8
page libsocmem-preload.7.adoc.in libsocmem-preload.7
touch "$OUT/stamp"
