#!/bin/sh
# apply-rename.sh - rename functions as scripts/rename-map.txt says (one
# "OLD NEW" a line), in every tracked source and document that can name
# them, so that the tree follows issue 14's sm_<layer>_ rule in one step.
#
# Written to be re-run on a tree that has moved on since the map was made
# (other branches merged in): an entry whose OLD is gone is a warning, not
# an error, and an entry already applied (OLD gone, NEW there) is counted
# as such, so running it twice changes nothing the second time.
# It refuses, before writing anything, when a NEW name already exists
# beside its OLD one (two functions would merge), and fails after writing
# when an OLD name is still defined or called in any tracked C file of the
# repository (one outside the directories below, or of another kind).
#
# What is renamed: whole words (OLD must not touch a letter, digit or _ on
# either side) in C code, comments and string literals, and in the
# Markdown, AsciiDoc, CMake and shell files of the directories below.
# What is not:
#   - OLD followed by .c/.h/.o: a file name (cmd_boot.c), not the function;
#   - OLD after struct/enum/union: a tag (enum pl_check_mode), not the
#     function;
#   - a comment (or, outside C, a line) that cites the kernel's sources
#     ("Linux 6.1", "drivers/block/zram/zram_drv.c"): the names there are
#     the kernel's functions, which keep their names (listed with -v) -
#     except an OLD that starts with sm_: the kernel has no such name, so
#     it is ours (sm_zs_check() beside mm/zsmalloc.c) and is renamed;
#   - any other file (recorded logs, device trees, corpus data): only the
#     kinds above are read.
#   - the map, this script and its test (tests/lint/apply_rename_test.sh,
#     whose fixture holds old and new names on purpose).
#
# Usage: scripts/apply-rename.sh [-n] [-v] [MAP]
#   -n  dry run: report what would change, write nothing
#   -v  also list the kernel-citing comments left alone
# Exit: 0 done (warnings allowed), 1 refused or left an OLD name in code,
# 2 bad map or usage.
set -eu
DRY=0 VERBOSE=0
while [ $# -gt 0 ]; do
	case $1 in
	-n) DRY=1 ;;
	-v) VERBOSE=1 ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "apply-rename: unknown option $1 (try -h)" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MAP=$(cd "$(dirname "${1:-$ROOT/scripts/rename-map.txt}")" && pwd)/$(basename "${1:-rename-map.txt}")
[ -f "$MAP" ] || { echo "apply-rename: $MAP: no such map" >&2; exit 2; }
cd "$ROOT"
command -v perl >/dev/null || { echo "apply-rename: perl is needed" >&2; exit 2; }

# the files: tracked ones (a build tree or a stray copy is not the source),
# by kind, so that data that merely looks like text is never touched
list_files() {
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -- src tools include tests bench fuzz docs scripts \
			debian cmake CMakeLists.txt README.md Makefile
	else
		find src tools include tests bench fuzz docs scripts debian cmake \
			CMakeLists.txt README.md Makefile -type f 2>/dev/null
	fi | grep -E '(\.(c|h|md|adoc|adoc\.in|cmake|sh|bash-completion)|/CMakeLists\.txt|^CMakeLists\.txt|^Makefile)$' |
		grep -vE '^(scripts/(apply-rename\.sh|rename-map\.txt)|tests/lint/apply_rename_test\.sh)$' |
		while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done
}

# every tracked C file, for the last check (whatever its directory)
CFILES=$( (git ls-files 2>/dev/null || find . -type f | sed 's#^\./##') |
	grep -E '\.(c|h|cc|cpp|inc)$' | grep -vE '^(scripts/(apply-rename\.sh|rename-map\.txt)|tests/lint/apply_rename_test\.sh)$' || true)
export CFILES

list_files | DRY=$DRY VERBOSE=$VERBOSE perl -e '
use strict;
use warnings;
my $map = shift;
my ($dry, $verbose) = ($ENV{DRY}, $ENV{VERBOSE});

# --- the map
my (%new, %by_new, @order);
my $bad = 0;
open(my $mh, "<", $map) or die "apply-rename: $map: $!\n";
while (my $l = <$mh>) {
	$l =~ s/#.*//;
	next unless $l =~ /\S/;
	my @f = split " ", $l;
	if (@f != 2 || $f[0] !~ /^[A-Za-z_]\w*$/ || $f[1] !~ /^sm_\w+$/) {
		print STDERR "apply-rename: $map:$.: want \"OLD NEW\", NEW starting sm_\n";
		$bad++; next;
	}
	my ($o, $n) = @f;
	if ($o eq $n) { print STDERR "apply-rename: $map:$.: $o renamed to itself\n"; $bad++; next }
	if (exists $new{$o}) { print STDERR "apply-rename: $map:$.: $o mapped twice\n"; $bad++; next }
	if (exists $by_new{$n}) { print STDERR "apply-rename: $map:$.: $n is the new name of $by_new{$n} and $o\n"; $bad++; next }
	$new{$o} = $n; $by_new{$n} = $o; push @order, $o;
}
close $mh;
for my $o (@order) {
	next unless exists $new{$new{$o}};
	print STDERR "apply-rename: $map: $o -> $new{$o} -> $new{$new{$o}}: a chain depends on the order; give the final name\n";
	$bad++;
}
exit 2 if $bad;
die "apply-rename: $map: empty\n" unless @order;

my @files = map { chomp; $_ } <STDIN>;
my $alt_old = join "|", map { quotemeta } sort { length $b <=> length $a } @order;
my $alt_new = join "|", map { quotemeta } sort { length $b <=> length $a } keys %by_new;
my $re_old = qr/((?:struct|enum|union)\s+)?\b($alt_old)\b(?!\.[cho]\b)/;
my $re_new = qr/\b($alt_new)\b/;
# a comment or line that cites the kernel: its names are the kernel'"'"'s
my $re_kernel = qr{\bLinux\s+v?\d|(?<![\w/.])(?:drivers|mm|kernel|fs|lib|block|include/linux|arch)/[\w/.-]*\.[ch]\b};

# a C file as code and comment pieces (string and character literals
# kept whole so that a "/*" inside one opens nothing)
sub pieces_c {
	my ($s) = @_;
	my @p;
	while ($s =~ m{\G(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27|[^/"\x27]+|.)}gs) {
		my $t = $1;
		my $c = ($t =~ m{^/[*/]}) ? 1 : 0;
		if (@p && $p[-1][0] == 0 && !$c) { $p[-1][1] .= $t } else { push @p, [$c, $t] }
	}
	return @p;
}
# any other text as lines, each judged alone
sub pieces_text { return map { [1, $_] } split /(?<=\n)/, $_[0] }

# the visual width of the start of a line (tabs to 8)
sub width {
	my $w = 0;
	for my $ch (split //, $_[0]) { $w = $ch eq "\t" ? ($w >> 3 << 3) + 8 : $w + 1 }
	return $w;
}
# the parentheses of a line outside comments and literals, as
# [1 or -1, the column after it]; $_[1] carries "inside /* */"
sub parens {
	my ($l, $inc) = @_;
	my (@ev, $w);
	$w = 0;
	while ($l =~ m{\G(/\*|\*/|//|"(?:\\.|[^"\\])*"|\x27(?:\\.|[^\x27\\])*\x27|.)}g) {
		my $t = $1;
		if ($$inc) { $$inc = 0 if $t eq "*/"; }
		elsif ($t eq "/*") { $$inc = 1 }
		elsif ($t eq "//") { last }
		elsif ($t eq "(") { push @ev, [1, $w + 1] }
		elsif ($t eq ")") { push @ev, [-1, 0] }
		$w = width(substr($l, 0, pos $l));
	}
	return @ev;
}
# a longer name moves the "(" that the next lines are aligned under: move
# those lines with it (kernel style: tabs, then spaces), so that a
# declaration or call split over lines still lines up after the rename
sub realign {
	my ($old, $new) = @_;
	my @o = split /(?<=\n)/, $old;
	my @n = split /(?<=\n)/, $new;
	return $new unless @o == @n;
	my (@stack, $inco, $incn);
	($inco, $incn) = (0, 0);
	for my $i (0 .. $#o) {
		if (@stack && $o[$i] =~ /^([ \t]+)(?=\S)/) {
			my $ow = width($1);
			my ($oc, $nc) = @{$stack[-1]};
			if ($ow == $oc && $nc != $oc) {
				my $ws = ("\t" x ($nc >> 3)) . (" " x ($nc & 7));
				$n[$i] =~ s/^[ \t]+/$ws/;
			}
		} elsif ($o[$i] =~ /^\S/ && $o[$i] !~ /^[)}]/) {
			@stack = ();	# a new top-level line: nothing is open
		}
		my @eo = parens($o[$i], \$inco);
		my @en = parens($n[$i], \$incn);
		if (@eo != @en) { @stack = (); next }	# not the same shape: leave it
		for my $k (0 .. $#eo) {
			if ($eo[$k][0] > 0) { push @stack, [$eo[$k][1], $en[$k][1]] }
			else { pop @stack }
		}
	}
	return join "", @n;
}

# a line that the rename pushed past 80 columns is broken after a ", " as
# a person would: only the first line of a statement or declaration, inside
# the parentheses of a call or prototype that end the line (or stay open
# for the next lines), the rest aligned under their "(" when that leaves
# it room (the "(" at column 48 at most, the rest fitting).
# Anything else (literals, comments, a macro'"'"'s backslash, a "(" that
# closes mid-line) stays long: 100 columns are allowed, a bad break is not.
sub wrap {
	my ($old, $new) = @_;
	my @o = split /(?<=\n)/, $old;
	my @n = split /(?<=\n)/, $new;
	return $new unless @o == @n;
	my ($depth, $inc) = (0, 0);
	for my $i (0 .. $#n) {
		next if $n[$i] eq "";	# joined to the line before
		my $start = $depth;
		$depth += $_->[0] for parens($n[$i], \$inc);
		$depth = 0 if $depth < 0;
		next if $start || $n[$i] eq $o[$i];
		(my $l = $n[$i]) =~ s/\n$//;
		next if width($l) <= 80 || width($o[$i] =~ s/\n$//r) > 80;
		next if $l =~ m{["\x27]|/\*|//|\\$};
		my (@open, @commas);
		for my $k (0 .. length($l) - 1) {
			my $ch = substr($l, $k, 1);
			if ($ch eq "(") { push @open, [$k, width(substr($l, 0, $k + 1))] }
			elsif ($ch eq ")") {
				my $p = pop @open or last;
				# the commas of a "(" that closes with only closers after it
				if (substr($l, $k + 1) =~ /^[\s)]*(?:;|\{|\|\||&&)?\s*$/ && $p->[1] <= 48) {
					push @commas, map { [$_, $p->[1]] } grep {
						$_ > $p->[0] && $_ < $k && substr($l, $_, 2) eq ", "
						    && width(substr($l, 0, $_ + 1)) <= 80
						    && depth_at($l, $p->[0], $_) == 0
					} 0 .. length($l) - 1;
				}
			}
		}
		# a "(" left open for the next lines (aligned under it already)
		if (@open && $depth) {
			my $p = $open[-1];
			push @commas, map { [$_, $p->[1]] } grep {
				$_ > $p->[0] && substr($l, $_, 2) eq ", "
				    && width(substr($l, 0, $_ + 1)) <= 80
				    && depth_at($l, $p->[0], $_) == 0
			} 0 .. length($l) - 1 if $p->[1] <= 48;
		}
		next unless @commas;
		my ($at, $col) = @{(sort { $b->[0] <=> $a->[0] } @commas)[0]};
		my $ws = ("\t" x ($col >> 3)) . (" " x ($col & 7));
		my $rest = substr($l, $at + 2);
		next if width($ws . $rest) > 80;
		$n[$i] = substr($l, 0, $at + 1) . "\n" . $ws . $rest . "\n";
		# the next line, aligned under the same "(", joins the rest
		# when both fit on one line
		next unless $i < $#n && $n[$i + 1] =~ /^([ \t]+)(\S.*)\n$/
		    && width($1) == $col && $2 !~ m{/\*|//|\\$};
		my $joined = "$ws$rest $2";
		next if width($joined) > 80;
		$n[$i] = substr($l, 0, $at + 1) . "\n" . $joined . "\n";
		$depth += $_->[0] for parens($n[$i + 1], \$inc);
		$n[$i + 1] = "";
		$o[$i + 1] = "";
	}
	return join "", @n;
}
# the parenthesis depth at $to of a line, counted from just after $from
sub depth_at {
	my ($l, $from, $to) = @_;
	my $d = 0;
	for my $k ($from + 1 .. $to - 1) {
		my $ch = substr($l, $k, 1);
		$d++ if $ch eq "(";
		$d-- if $ch eq ")";
	}
	return $d;
}

my (%hits, %newseen, %codehits, @kept, %text);
for my $f (@files) {
	open(my $fh, "<", $f) or die "apply-rename: $f: $!\n";
	local $/; my $s = <$fh>; close $fh;
	next if $s =~ /\0/;
	$text{$f} = $s;
	my $isc = $f =~ /\.[ch]$/;
	my $line = 1;
	for my $p ($isc ? pieces_c($s) : pieces_text($s)) {
		my ($c, $t) = @$p;
		$newseen{$1}{$f} = 1 while $t =~ /$re_new/g;
		my $kernel = $c && $t =~ $re_kernel;
		while ($t =~ /$re_old/g) {
			next if defined $1;
			my $at = $line + (substr($t, 0, $-[0]) =~ tr/\n//);
			if ($kernel && substr($2, 0, 3) ne "sm_") { push @kept, "$f:$at: $2 (cites the kernel)"; next }
			$hits{$2}{$f}++;
			$codehits{$2}++ if $isc && !$c;
		}
		$line += ($t =~ tr/\n//);
	}
}

# --- what each entry needs
my (@todo, $applied, @missing, @clash, @nocode);
for my $o (@order) {
	my $n = $new{$o};
	if ($hits{$o}) {
		if ($newseen{$n}) {
			push @clash, "$o -> $n: $n already in " . join(", ", sort keys %{$newseen{$n}});
		} else {
			push @todo, $o;
			push @nocode, $o unless $codehits{$o};
		}
	} elsif ($newseen{$n}) {
		$applied++;
	} else {
		push @missing, $o;
	}
}
if (@clash) {
	print STDERR "apply-rename: refused, nothing written: a new name already exists\n";
	print STDERR "  $_\n" for @clash;
	exit 1;
}
print STDERR "apply-rename: warning: not in the tree (gone or renamed since the map was made): $_ -> $new{$_}\n" for @missing;
print STDERR "apply-rename: warning: only in comments or documents, no code uses it: $_ -> $new{$_}\n" for @nocode;

# --- rename
my %todo = map { $_ => 1 } @todo;
my ($nfiles, $nocc) = (0, 0);
for my $f (@files) {
	next unless exists $text{$f};
	my $s = $text{$f};
	my $isc = $f =~ /\.[ch]$/;
	my $n = 0;
	my $out = join "", map {
		my ($c, $t) = @$_;
		my $kernel = $c && $t =~ $re_kernel;
		$t =~ s/$re_old/(defined $1 || !$todo{$2} || ($kernel && substr($2, 0, 3) ne "sm_")) ? $& : do { $n++; $new{$2} }/ge;
		$t;
	} ($isc ? pieces_c($s) : pieces_text($s));
	next unless $n;
	$out = wrap($s, realign($s, $out)) if $isc;
	$nfiles++; $nocc += $n;
	printf "%-48s %4d\n", $f, $n if $dry;
	next if $dry;
	open(my $fh, ">", $f) or die "apply-rename: $f: $!\n";
	print $fh $out;
	close $fh or die "apply-rename: $f: $!\n";
	$text{$f} = $out;
}
printf "apply-rename: %s %d functions (%d occurrences in %d files); %d already applied, %d not found\n",
	$dry ? "would rename" : "renamed", scalar @todo, $nocc, $nfiles, $applied // 0, scalar @missing;
if ($verbose) { print "left alone:\n"; print "  $_\n" for @kept }
exit 0 if $dry;

# --- no OLD name may be left in C code, anywhere in the repository
my @cfiles = grep { -f $_ } ($ENV{CFILES} ? split(/\n/, $ENV{CFILES}) : ());
my (@defs, @uses);
for my $f (@cfiles) {
	my $s = exists $text{$f} ? $text{$f} : do {
		open(my $fh, "<", $f) or die "apply-rename: $f: $!\n";
		local $/; my $x = <$fh>; close $fh; $x;
	};
	next if $s =~ /\0/;
	my $line = 1;
	my $prev = "";
	for my $p (pieces_c($s)) {
		my ($c, $t) = @$p;
		unless ($c) {
			while ($t =~ /$re_old/g) {
				next if defined $1;
				my $at = "$f:" . ($line + (substr($t, 0, $-[0]) =~ tr/\n//)) . ": $2";
				# a definition: at the start of a line after its type,
				# its parameter list followed by a body
				my $before = substr($t, 0, $-[0]);
				my $after = substr($t, $+[0]);
				if ($before =~ /(?:^|\n)[A-Za-z_][\w \t*]*$/ && $after =~ /^\s*\([^;{}]*\)\s*\{/) {
					push @defs, $at;
				} else {
					push @uses, $at;
				}
			}
		}
		$line += ($t =~ tr/\n//);
	}
}
if (@defs || @uses) {
	print STDERR "apply-rename: FAILED: old names still defined:\n", map { "  $_\n" } @defs if @defs;
	print STDERR "apply-rename: FAILED: old names still used in code:\n", map { "  $_\n" } @uses if @uses;
	exit 1;
}
' "$MAP"
