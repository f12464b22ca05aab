#!/usr/bin/env python3
"""Edge cases of early memory setup for the oracle, over QEMU's own tree.

Usage: gen_edge.py VIRT_BASE_DTS OUTDIR [CASE...]
Each case becomes OUTDIR/<name>/{input.dts, cmdline, ram, about} and, for cases
QEMU's -dtb path cannot express (memory nodes, root cells), a file `loader`
holding "raw": such a case is booted by rawboot.sh (the DTB goes to the kernel
untouched) instead of oracle/boot.sh.

Addresses assume QEMU's virt RAM at 0x40000000 + RAM. The kernel image sits at
0x40200000 and the DTB at 0x40000000 + min(RAM/2, 128 MiB) (0x48000000 for
RAM >= 256 MiB).
"""
import os
import sys

K, M, G = 1 << 10, 1 << 20, 1 << 30
RAM_BASE = 0x40000000


def cells(v, n):
    return " ".join("0x%x" % ((v >> (32 * (n - 1 - i))) & 0xffffffff)
                    for i in range(n))


def regp(base, size, ac=2, sc=2):
    return "reg = <%s %s>;" % (cells(base, ac), cells(size, sc))


def sizep(size, sc=2):
    return "size = <%s>;" % cells(size, sc)


def alignp(a, ac=2):
    return "alignment = <%s>;" % cells(a, ac)


def rangesp(windows, ac=2, sc=2):
    return "alloc-ranges = <%s>;" % " ".join(
        "%s %s" % (cells(b, ac), cells(s, sc)) for b, s in windows)


CMA = ['compatible = "shared-dma-pool";', "reusable;"]
POOL = ['compatible = "shared-dma-pool";']
NOMAP = ["no-map;"]


def node(name, *props):
    lines = []
    for p in props:
        lines += p if isinstance(p, list) else [p]
    return (name, lines)


def rmem_block(nodes, ac=2, sc=2, ranges=True, extra=()):
    body = ["\treserved-memory {"]
    if ac is not None:
        body.append("\t\t#address-cells = <%d>;" % ac)
    if sc is not None:
        body.append("\t\t#size-cells = <%d>;" % sc)
    if ranges is True:
        body.append("\t\tranges;")
    elif ranges:
        body.append("\t\tranges = <%s>;" % ranges)
    body += ["\t\t" + e for e in extra]
    body.append("")
    for name, props in nodes:
        body.append("\t\t%s {" % name)
        body += ["\t\t\t" + p for p in props]
        body.append("\t\t};")
    body.append("\t};")
    return "\n".join(body) + "\n\n"


MEM_NODE = ("\tmemory@40000000 {\n\t\treg = <0x00 0x40000000 0x01 0x00>;\n"
            "\t\tdevice_type = \"memory\";\n\t};\n")


def mem_nodes(entries):
    """entries: (name, [props]) of device_type = "memory" nodes."""
    out = []
    for name, props in entries:
        out.append("\t%s {" % name)
        out += ["\t\t" + p for p in props + ['device_type = "memory";']]
        out.append("\t};")
    return "\n".join(out) + "\n"


def render(base, c):
    s = base
    if "root_cells" in c:
        ac, sc = c["root_cells"]
        s = s.replace("\t#size-cells = <0x02>;\n\t#address-cells = <0x02>;\n\tcompatible = \"linux,dummy-virt\";",
                      ("" if sc is None else "\t#size-cells = <%#04x>;\n" % sc) +
                      ("" if ac is None else "\t#address-cells = <%#04x>;\n" % ac) +
                      "\tcompatible = \"linux,dummy-virt\";", 1)
    if "mem" in c:
        s = s.replace(MEM_NODE, mem_nodes(c["mem"]), 1)
    elif c.get("ram_cells"):
        ac, sc = c["ram_cells"]
        s = s.replace("reg = <0x00 0x40000000 0x01 0x00>;",
                      regp(RAM_BASE, ram_bytes(c["ram"]), ac, sc), 1)
    i = s.index("\tmemory@") if "\tmemory@" in s else s.index("\tplatform-bus@")
    ins = c.get("rmem_text", "")
    ins += c.get("top", "")
    s = s[:i] + ins + s[i:]
    if c.get("memres"):
        s = s.replace("/dts-v1/;", "/dts-v1/;\n" + "\n".join(
            "/memreserve/ 0x%x 0x%x;" % (b, n) for b, n in c["memres"]), 1)
    return s


def ram_bytes(r):
    return int(r[:-1]) * {"M": M, "G": G}[r[-1]]


CASES = []


def case(name, about, nodes=None, ram="2G", cmd="", **kw):
    rmem_kw = kw.pop("rmem_kw", {})
    c = dict(name=name, about=about, ram=ram, cmd=cmd, **kw)
    if nodes is not None:
        c["rmem_text"] = rmem_block(nodes, **rmem_kw)
    CASES.append(c)


# A small /reserved-memory for cases that are about something else, so that
# the "No reserved-memory node" difference does not hide theirs.
PLAIN = [node("fw@7f000000", regp(0x7f000000, 1 * M), NOMAP)]

# ---- size / alignment / alloc-ranges --------------------------------------

case("size-badlen", "size with 1 and 3 cells (root #size-cells 2); a good one after",
     [node("one-cell", POOL, "size = <0x400000>;"),
      node("three-cells", CMA, "size = <0x0 0x0 0x400000>;"),
      node("good", POOL, sizep(4 * M))])

case("align-badlen", "alignment with 1 and 3 cells; a good one after",
     [node("one-cell", POOL, "alignment = <0x100000>;", sizep(4 * M)),
      node("three-cells", CMA, "alignment = <0x0 0x0 0x400000>;", sizep(4 * M)),
      node("good", POOL, alignp(1 * M), sizep(4 * M))])

case("align-npot", "alignment not a power of two (3 MiB, 0x1800, 3 MiB on a CMA pool)",
     [node("plain3m", POOL, alignp(3 * M), sizep(16 * M)),
      node("cma3m", CMA, alignp(3 * M), sizep(16 * M)),
      node("nomap6k", POOL, NOMAP, alignp(0x1800), sizep(1 * M + 0x1000)),
      node("after", POOL, sizep(8 * M))])

case("align-extreme", "alignment 0, 1 GiB, 4 GiB (beyond RAM), 1 byte",
     [node("zero", POOL, alignp(0), sizep(4 * M + 0x40)),
      node("onegig", POOL, alignp(1 * G), sizep(16 * M)),
      node("fourgig", POOL, alignp(4 * G), sizep(16 * M)),
      node("onebyte", POOL, alignp(1), sizep(0x1001))])

case("ranges-badlen", "alloc-ranges of 3 and 6 cells; one of 8 (two windows) is fine",
     [node("three", POOL, "alloc-ranges = <0x0 0x60000000 0x1000000>;", sizep(4 * M)),
      node("six", POOL, "alloc-ranges = <0x0 0x60000000 0x0 0x10000000 0x0 0x70000000>;", sizep(4 * M)),
      node("eight", POOL, rangesp([(0x60000000, 16 * M), (0x70000000, 16 * M)]), sizep(4 * M))])

case("ranges-first-fails", "windows outside RAM / too small first, then a good one",
     [node("outside-first", POOL, rangesp([(0x10000000, 16 * M), (0x60000000, 256 * M)]), sizep(8 * M)),
      node("small-first", CMA, rangesp([(0x70000000, 4 * M), (0x90000000, 64 * M)]), sizep(8 * M)),
      node("above-ram-first", POOL, rangesp([(0x100000000, 256 * M), (0x50000000, 16 * M)]), sizep(4 * M))])

case("ranges-all-fail", "every window fails (outside RAM, too small, taken)",
     [node("taken", regp(0x60000000, 16 * M)),
      node("nowhere", POOL, rangesp([(0x10000000, 16 * M), (0x60000000, 16 * M), (0x7f000000, 1 * M)]), sizep(8 * M)),
      node("after", POOL, sizep(8 * M))])

case("ranges-zero", "windows [0,0) (end 0 = 'accessible'), start 0 size 4G-1, straddling RAM start",
     [node("zero-zero", POOL, rangesp([(0, 0)]), sizep(4 * M)),
      node("zero-4g", CMA, rangesp([(0, 0xffffffff)]), sizep(8 * M)),
      node("straddle", POOL, rangesp([(0x30000000, 0x20000000)]), sizep(4 * M))])

case("ranges-wrap", "a window whose end wraps past 2^64; one whose length is 0 mid-RAM",
     [node("wrap", POOL, rangesp([(0xfffffffff0000000, 0x20000000)]), sizep(4 * M)),
      node("empty", POOL, rangesp([(0x60000000, 0)]), sizep(4 * M)),
      node("after", POOL, sizep(4 * M))])

case("heur-dynamic", "6.12+ alloc-ranges direction heuristic against earlier dynamic regions",
     [node("a", POOL, rangesp([(0x60000000, 16 * M)]), sizep(16 * M)),
      node("e", POOL, rangesp([(0x70000000, 16 * M)]), sizep(16 * M)),
      node("b-starts-at-a-end", POOL, rangesp([(0x61000000, 256 * M)]), sizep(8 * M)),
      node("c-ends-at-a-base", POOL, rangesp([(0x50000000, 256 * M)]), sizep(8 * M)),
      node("d-both", POOL, rangesp([(0x61800000, 0x0e800000)]), sizep(4 * M)),
      node("f-cma-inside-a", CMA, rangesp([(0x60800000, 64 * M)]), sizep(4 * M))])

case("heur-static", "alloc-ranges windows touching static regions (6.12+ records them late)",
     [node("s-nomap@60000000", regp(0x60000000, 16 * M), NOMAP),
      node("t-map@68000000", regp(0x68000000, 16 * M)),
      node("b-starts-at-s-end", POOL, rangesp([(0x61000000, 64 * M)]), sizep(8 * M)),
      node("c-ends-at-t-base", POOL, rangesp([(0x64000000, 64 * M)]), sizep(8 * M)),
      node("d-starts-at-t-end", CMA, rangesp([(0x69000000, 128 * M)]), sizep(8 * M))])

case("heur-multiwin", "two windows; the first fails, the second starts at an earlier region's end",
     [node("a", POOL, rangesp([(0x60000000, 16 * M)]), sizep(16 * M)),
      node("b", POOL, rangesp([(0x10000000, 16 * M), (0x61000000, 128 * M)]), sizep(8 * M)),
      node("c", POOL, rangesp([(0x61000000, 4 * M), (0x58000000, 0x08000000)]), sizep(8 * M))])

# ---- reg ------------------------------------------------------------------

case("reg-badlen", "reg of 3 and 5 cells, with and without size (v6.19 treats it as absent)",
     [node("bad-with-size@50000000", POOL, "reg = <0x0 0x50000000 0x100000>;", sizep(8 * M)),
      node("bad-no-size@51000000", "reg = <0x0 0x51000000 0x100000>;"),
      node("bad5-nomap@52000000", NOMAP, "reg = <0x0 0x52000000 0x0 0x100000 0x0>;"),
      node("bad-cma-with-size@53000000", CMA, "reg = <0x0 0x53000000 0x200000>;", sizep(4 * M))])

case("reg-empty", "empty reg, with and without size, placed before other properties and last",
     [node("empty-first", "reg;", "no-map;", sizep(4 * M)),
      node("empty-nosize", "reg;", 'compatible = "vendor,thing";'),
      node("empty-last", sizep(4 * M), "reg;"),
      node("good@5f000000", regp(0x5f000000, 1 * M))])

case("reg-size0", "reg with size 0: alone, with a size property (6.1 allocates it), no-map",
     [node("zero@50000000", regp(0x50000000, 0)),
      node("zero-with-size@51000000", POOL, regp(0x51000000, 0), sizep(4 * M)),
      node("zero-nomap@52000000", NOMAP, regp(0x52000000, 0)),
      node("zero-cma-with-size@53000000", CMA, regp(0x53000000, 0), sizep(4 * M))])

case("reg-and-size", "a node with both reg and size (and alloc-ranges): static wins?",
     [node("both@50000000", POOL, regp(0x50000000, 2 * M), sizep(8 * M)),
      node("both-cma@54000000", CMA, regp(0x54000000, 4 * M), sizep(16 * M), rangesp([(0x70000000, 64 * M)]))])

case("reg-multi", "reg with several entries (6.12 warns 'ignores N regions')",
     [node("three@50000000", regp(0x50000000, 1 * M)[:-2] + " 0x0 0x51000000 0x0 0x100000 0x0 0x52000000 0x0 0x200000>;"),
      node("two-nomap@54000000", NOMAP, "reg = <0x0 0x54000000 0x0 0x100000 0x0 0x55000000 0x0 0x100000>;"),
      node("two-cma@56000000", CMA, "reg = <0x0 0x56000000 0x0 0x400000 0x0 0x58000000 0x0 0x400000>;"),
      node("two-pool@5a000000", POOL, "reg = <0x0 0x5a000000 0x0 0x100000 0x0 0x5b000000 0x0 0x100000>;")])

case("reg-multi-overlap", "multi-entry reg whose second entry overlaps a later static node; first entry size 0",
     [node("pair@50000000", NOMAP, "reg = <0x0 0x50000000 0x0 0x100000 0x0 0x60000000 0x0 0x200000>;"),
      node("later@60100000", NOMAP, regp(0x60100000, 1 * M)),
      node("zero-first@52000000", "reg = <0x0 0x52000000 0x0 0x0 0x0 0x53000000 0x0 0x100000>;")])

case("reg-outside-ram", "static regions outside DRAM, straddling its end, and at 0",
     [node("low@10000000", regp(0x10000000, 16 * M)),
      node("low-nomap@20000000", NOMAP, regp(0x20000000, 16 * M)),
      node("straddle@bf000000", NOMAP, regp(0xbf000000, 32 * M)),
      node("zero@0", regp(0, 4 * K)),
      node("high@200000000", CMA, regp(0x200000000, 16 * M))])

case("status-values", "status disabled / fail / fail-sss / okay / ok / empty / reserved",
     [node("s-disabled@50000000", regp(0x50000000, 1 * M), 'status = "disabled";'),
      node("s-fail@50100000", regp(0x50100000, 1 * M), 'status = "fail";'),
      node("s-failsss@50200000", regp(0x50200000, 1 * M), 'status = "fail-sss";'),
      node("s-okay@50300000", regp(0x50300000, 1 * M), 'status = "okay";'),
      node("s-ok@50400000", regp(0x50400000, 1 * M), 'status = "ok";'),
      node("s-empty@50500000", regp(0x50500000, 1 * M), 'status = "";'),
      node("s-reserved@50600000", regp(0x50600000, 1 * M), 'status = "reserved";'),
      node("d-disabled", POOL, sizep(4 * M), 'status = "disabled";'),
      node("d-okay", POOL, sizep(4 * M), 'status = "okay";'),
      node("d-fail", CMA, sizep(4 * M), 'status = "fail";')])

# ---- the /reserved-memory node itself --------------------------------------

GOOD = [node("st@50000000", regp(0x50000000, 1 * M), NOMAP), node("dyn", CMA, sizep(8 * M))]
case("rmem-ac-mismatch", "/reserved-memory #address-cells 1 under a 2-cell root", GOOD, rmem_kw=dict(ac=1))
case("rmem-sc-mismatch", "/reserved-memory #size-cells 1 under a 2-cell root", GOOD, rmem_kw=dict(sc=1))
case("rmem-no-ranges", "/reserved-memory without ranges", GOOD, rmem_kw=dict(ranges=False))
case("rmem-no-cells", "/reserved-memory without #address-cells/#size-cells", GOOD, rmem_kw=dict(ac=None, sc=None))
case("rmem-ranges-value", "/reserved-memory with a non-empty (translating) ranges", GOOD,
     rmem_kw=dict(ranges="0x0 0x0 0x0 0x10000000 0x0 0x80000000"))
case("rmem-empty", "/reserved-memory without children", [])
case("rmem-absent", "no /reserved-memory at all")
case("rmem-absent-cma", "no /reserved-memory, cma=32M", cmd="cma=32M")
case("rmem-disabled", "/reserved-memory with status disabled", GOOD, rmem_kw=dict(extra=['status = "disabled";']))

case("root-cells-1", "root #address-cells/#size-cells 1 (32-bit numbers), RAM 3G",
     [node("st@50000000", regp(0x50000000, 1 * M, 1, 1), NOMAP),
      node("dyn", CMA, sizep(8 * M, 1), alignp(4 * M, 1)),
      node("win", POOL, sizep(4 * M, 1), rangesp([(0x60000000, 0x10000000)], 1, 1)),
      node("badsize", POOL, sizep(4 * M, 2))],
     ram="3G", root_cells=(1, 1), ram_cells=(1, 1), rmem_kw=dict(ac=1, sc=1))

case("root-cells-3", "root #address-cells 3 (raw boot): numbers keep their low 64 bits",
     [node("st@50000000", regp(0x50000000, 1 * M, 3, 2), NOMAP),
      node("hi@50000000", "reg = <0x1 0x0 0x51000000 0x0 0x100000>;"),
      node("dyn", CMA, sizep(8 * M), alignp(4 * M, 3)),
      node("win", POOL, sizep(4 * M), rangesp([(0x60000000, 0x10000000)], 3, 2))],
     root_cells=(3, 2), rmem_kw=dict(ac=3, sc=2), loader="raw",
     mem=[("memory@40000000", [regp(RAM_BASE, 2 * G, 3, 2)])])

case("root-size-cells-3", "root #size-cells 3 (raw boot)",
     [node("st@50000000", regp(0x50000000, 1 * M, 2, 3), NOMAP),
      node("dyn", CMA, sizep(8 * M, 3)),
      node("bigsize", POOL, "size = <0x1 0x0 0x400000>;")],
     root_cells=(2, 3), rmem_kw=dict(ac=2, sc=3), loader="raw",
     mem=[("memory@40000000", [regp(RAM_BASE, 2 * G, 2, 3)])])

case("root-no-size-cells", "root without #size-cells (kernel default 1; raw boot)",
     [node("st@50000000", regp(0x50000000, 1 * M, 2, 1), NOMAP),
      node("dyn", CMA, sizep(8 * M, 1))],
     root_cells=(2, None), rmem_kw=dict(ac=2, sc=1), loader="raw",
     mem=[("memory@40000000", [regp(RAM_BASE, 2 * G - 4 * K, 2, 1)])])

case("root-no-size-cells-rmem2", "root without #size-cells, /reserved-memory says 2 (mismatch; raw boot)",
     [node("st@50000000", regp(0x50000000, 1 * M), NOMAP), node("dyn", CMA, sizep(8 * M))],
     root_cells=(2, None), loader="raw",
     mem=[("memory@40000000", [regp(RAM_BASE, 2 * G - 4 * K, 2, 1)])])

case("root-no-addr-cells", "root without #address-cells (kernel default 1; raw boot)",
     [node("st@50000000", regp(0x50000000, 1 * M, 1, 2), NOMAP),
      node("dyn", CMA, sizep(8 * M), alignp(4 * M, 1))],
     root_cells=(None, 2), rmem_kw=dict(ac=1, sc=2), loader="raw",
     mem=[("memory@40000000", [regp(RAM_BASE, 2 * G, 1, 2)])])

# ---- /memreserve/ -----------------------------------------------------------

case("memres-overlap", "/memreserve/ under a no-map and a map carve-out; an entry of size 0 ends the list",
     [node("nomap@50000000", regp(0x50000000, 2 * M), NOMAP),
      node("map@52000000", regp(0x52000000, 2 * M)),
      node("dyn", POOL, sizep(4 * M))],
     memres=[(0x50000000, 1 * M), (0x52100000, 1 * M), (0x58000000, 0), (0x59000000, 1 * M)])

case("memres-dynamic", "/memreserve/ at the top of RAM where a dynamic region lands (6.12+ reserves it last)",
     [node("pool", POOL, sizep(8 * M)), node("cma", CMA, sizep(16 * M)),
      node("win", POOL, sizep(4 * M), rangesp([(0x60000000, 16 * M)]))],
     memres=[(0xbf000000, 16 * M), (0x60000000, 8 * M)])

case("memres-outside", "/memreserve/ outside RAM and overlapping the kernel image",
     PLAIN, memres=[(0x10000000, 1 * M), (0x40000000, 4 * M), (0x200000000, 1 * M)])

# ---- many regions / CMA slots ----------------------------------------------

case("many-static", "70 static regions (more than 64) and dynamic ones before/after",
     [node("dyn-first", POOL, sizep(1 * M))] +
     [node("s%02d@%x" % (i, 0x50000000 + i * M), regp(0x50000000 + i * M, 64 * K), NOMAP) for i in range(70)] +
     [node("dyn-last", POOL, sizep(1 * M)), node("cma-last", CMA, sizep(4 * M))])

case("many-dynamic", "70 dynamic regions (more than 64), a static one after",
     [node("d%02d" % i, POOL, sizep(64 * K)) for i in range(70)] +
     [node("st@50000000", regp(0x50000000, 1 * M), NOMAP)])

case("many-mixed", "40 static + 30 dynamic regions (70 records)",
     [node("s%02d@%x" % (i, 0x50000000 + i * M), regp(0x50000000 + i * M, 64 * K)) for i in range(40)] +
     [node("d%02d" % i, POOL, sizep(64 * K)) for i in range(30)])

case("cma-slots", "22 CMA pools: more than the 20 slots; the default area gets none",
     [node("cma%02d" % i, CMA, sizep(2 * M)) for i in range(22)])

case("cma-slots-static", "20 static CMA pools fill every slot before the default area",
     [node("cma%02d@%x" % (i, 0x50000000 + i * 4 * M), CMA, regp(0x50000000 + i * 4 * M, 2 * M)) for i in range(20)])

# ---- pools and their handlers ---------------------------------------------

case("cma-unaligned", "CMA pools whose size or base is not a multiple of the pageblock",
     [node("dyn-3m", CMA, sizep(3 * M)),
      node("dyn-1m-aligned4m", CMA, sizep(1 * M), alignp(4 * M)),
      node("st-base@50100000", CMA, regp(0x50100000, 2 * M)),
      node("st-size@52000000", CMA, regp(0x52000000, 3 * M)),
      node("ok@54000000", CMA, regp(0x54000000, 4 * M))])

case("cma-nomap", "shared-dma-pool + reusable + no-map, static and dynamic",
     [node("st@50000000", CMA, NOMAP, regp(0x50000000, 4 * M)),
      node("dyn", CMA, NOMAP, sizep(8 * M)),
      node("after", CMA, sizep(8 * M))])

case("pool-kinds", "non-reusable pools (map/no-map), linux,dma-default, restricted-dma-pool, unknown compatible",
     [node("coh-map", POOL, sizep(4 * M)),
      node("coh-nomap", POOL, NOMAP, sizep(4 * M)),
      node("dma-default", POOL, "linux,dma-default;", NOMAP, sizep(4 * M)),
      node("dma-default2@50000000", POOL, "linux,dma-default;", regp(0x50000000, 2 * M)),
      node("restricted", 'compatible = "restricted-dma-pool";', sizep(4 * M)),
      node("restricted-nomap", 'compatible = "restricted-dma-pool";', NOMAP, sizep(4 * M)),
      node("unknown", 'compatible = "acme,widget";', sizep(4 * M)),
      node("both", 'compatible = "acme,widget", "shared-dma-pool";', "reusable;", sizep(4 * M))])

CMADEF = "linux,cma-default;"
case("cmadef-static", "linux,cma-default on a static region, no cma=",
     [node("linux,cma@60000000", CMA, CMADEF, regp(0x60000000, 32 * M))])
case("cmadef-static-cmdline", "linux,cma-default on a static region with cma=32M",
     [node("linux,cma@60000000", CMA, CMADEF, regp(0x60000000, 32 * M))], cmd="cma=32M")
case("cmadef-dynamic-cmdline", "linux,cma-default dynamic with cma=32M",
     [node("linux,cma", CMA, CMADEF, sizep(32 * M))], cmd="cma=32M")
case("cmadef-dynamic-cma0", "linux,cma-default dynamic with cma=0",
     [node("linux,cma", CMA, CMADEF, sizep(32 * M))], cmd="cma=0")
case("cmadef-two", "two linux,cma-default regions (static then dynamic), no cma=",
     [node("first@60000000", CMA, CMADEF, regp(0x60000000, 32 * M)),
      node("second", CMA, CMADEF, sizep(16 * M))])
case("cmadef-two-cmdline", "two linux,cma-default regions with cma=16M",
     [node("first@60000000", CMA, CMADEF, regp(0x60000000, 32 * M)),
      node("second", CMA, CMADEF, sizep(16 * M))], cmd="cma=16M")
case("cmadef-cma-unset", "linux,cma-default dynamic with cma=2^64-1 (the kernel's 'no cma=' value)",
     [node("linux,cma", CMA, CMADEF, sizep(32 * M))], cmd="cma=18446744073709551615")
case("cmadef-cma-17e", "linux,cma-default dynamic with cma=17E (overflows 64 bits)",
     [node("linux,cma", CMA, CMADEF, sizep(32 * M))], cmd="cma=17E")
case("cmadef-nonreusable", "linux,cma-default on a pool without reusable, and on a failing CMA pool",
     [node("coh", POOL, CMADEF, sizep(8 * M)),
      node("bad", CMA, CMADEF, sizep(3 * M))])

# ---- cma= -------------------------------------------------------------------

for name, cmd, about in [
        ("cma-noval", "cma", "cma without a value"),
        ("cma-empty", "cma=", "cma= with an empty value"),
        ("cma-zero", "cma=0", "cma=0"),
        ("cma-fixed", "cma=64M@0x50000000", "fixed placement"),
        ("cma-fixed-misaligned", "cma=64M@0x50100000", "fixed, base not pageblock-aligned"),
        ("cma-over-dtb", "cma=64M@0x48000000", "fixed, over the DTB QEMU placed at 0x48000000"),
        ("cma-over-kernel", "cma=32M@0x40000000", "fixed, over the kernel image"),
        ("cma-at-zero", "cma=32M@0", "base 0 (not fixed), limit 32M below DRAM"),
        ("cma-limit-below-base", "cma=64M@0x80000000-0x70000000", "limit below base"),
        ("cma-window-small", "cma=64M@0x7e000000-0x80000000", "window smaller than the size"),
        ("cma-base-limit", "cma=64M@0x60000000-0x70000000", "base and limit, not fixed"),
        ("cma-limit-only", "cma=64M@0-0x60000000", "limit only"),
        ("cma-above-dram", "cma=64M@0x100000000", "fixed above DRAM"),
        ("cma-garbage", "cma=64Mxyz", "trailing garbage"),
        ("cma-garbage-base", "cma=16M@0x60000000zz", "garbage after the base"),
        ("cma-repeat-stale", "cma=32M@0x60000000 cma=16M", "repeated: base and limit of the first stay"),
        ("cma-repeat-limit", "cma=16M@0x60000000-0x70000000 cma=48M", "repeated: base-limit of the first stay"),
        ("cma-huge", "cma=100G", "larger than RAM"),
        ("cma-wrap", "cma=18446744073709551615", "2^64-1: rounding up wraps"),
        ("cma-16e", "cma=16E", "16E = 2^64 wraps to 0"),
        ("cma-17e", "cma=17E", "17E overflows 64 bits"),
        ("cma-8e", "cma=8E", "8E = 2^63 fits"),
        ("cma-dec-overflow", "cma=99999999999999999999", "decimal number beyond 2^64"),
        ("cma-minus2", "cma=18446744073709551614", "2^64-2: not the 'unset' value, rounding up wraps"),
        ("cma-odd-size", "cma=3M", "size not a multiple of the pageblock"),
        ("cma-pernuma", "cma_pernuma=32M", "6.1 pernuma area (7.2: numa variant)"),
        ("cma-numa", "numa_cma=0:32M", "numa_cma (6.12+ syntax)"),
        ("cma-pernuma-both", "cma=16M cma_pernuma=32M numa_cma=0:8M", "cma=, cma_pernuma= and numa_cma= together"),
        ("cma-numa-order", "numa_cma=0:8M cma_pernuma=32M", "numa_cma= before cma_pernuma="),
        ("cma-numa-badnode", "numa_cma=1:32M", "numa_cma= for a node that does not exist"),
        ("hugetlb-cma", "hugetlb_cma=64M", "hugetlb CMA area"),
        ("hugetlb-cma-and-cma", "hugetlb_cma=32M cma=32M", "hugetlb and default CMA areas")]:
    case(name, "%s: %s" % (cmd or "(none)", about), PLAIN, cmd=cmd)

case("hugetlb-cma-1g-ram4g", "hugetlb_cma=1G with 4 GiB of RAM (DRAM reaches 4G + 1G)", PLAIN, ram="4G",
     cmd="hugetlb_cma=1G")
case("hugetlb-cma-1g-ram2g", "hugetlb_cma=1G with 2 GiB of RAM (no free 1 GiB-aligned GiB)", PLAIN, ram="2G",
     cmd="hugetlb_cma=1G")
case("hugetlb-cma-2g-ram8g", "hugetlb_cma=2G and cma=128M with 8 GiB of RAM", PLAIN, ram="8G",
     cmd="hugetlb_cma=2G cma=128M")
case("cma-1g-ram1g", "cma=1G with 1 GiB of RAM", PLAIN, ram="1G", cmd="cma=1G")
case("cma-1g-ram2g", "cma=1G with 2 GiB of RAM", PLAIN, ram="2G", cmd="cma=1G")
case("cma-1g-ram3g", "cma=1G with 3 GiB of RAM (DRAM ends at 4G)", PLAIN, ram="3G", cmd="cma=1G")
case("cma-256m-ram512m", "cma=256M with 512 MiB of RAM (DTB at 0x50000000)", PLAIN, ram="512M", cmd="cma=256M")
case("compete-ram1g", "1 GiB, dynamic pools fill the top: the default area must fit below",
     [node("big", POOL, sizep(600 * M)), node("cma", CMA, sizep(200 * M))], ram="1G")
case("compete-ram3g", "3 GiB (DRAM ends at 4G), pools at the top, default area and kernel allocations compete",
     [node("top", POOL, NOMAP, sizep(30 * M + 0x3000)), node("cma", CMA, sizep(96 * M)),
      node("pin@ff000000", regp(0xff000000, 8 * M))], ram="3G", cmd="cma=128M")
case("compete-ram2g-big", "2 GiB, cma=1500M leaves little for the kernel",
     PLAIN, ram="2G", cmd="cma=1500M")

# ---- dma-ranges --------------------------------------------------------------


def dma_bus(dma_ranges, status=None):
    s = ("\tsoc-dma {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n"
         "\t\t#size-cells = <1>;\n\t\tranges;\n\t\tdma-ranges = <%s>;\n" % dma_ranges)
    if status:
        s += "\t\tstatus = \"%s\";\n" % status
    return s + "\t};\n\n"


case("dma-limit-1g", "a bus whose dma-ranges reach CPU 0x7fffffff (Raspberry Pi-like), 4G RAM",
     PLAIN, ram="4G", top=dma_bus("0x0 0x0 0x40000000 0x40000000"))
case("dma-limit-odd", "dma-ranges ending at 0x6fffffff (not a power of two), 4G RAM",
     PLAIN, ram="4G", top=dma_bus("0x0 0x0 0x40000000 0x30000000"))
case("dma-limit-below-ram", "dma-ranges ending below DRAM (0x3fffffff)",
     PLAIN, ram="4G", top=dma_bus("0x0 0x0 0x0 0x40000000"))
case("dma-limit-disabled", "the limiting bus is disabled", PLAIN, ram="4G",
     top=dma_bus("0x0 0x0 0x40000000 0x40000000", "disabled"))
case("dma-limit-cma", "1 GiB DMA limit, cma=256M and a 512 MiB pool compete below it",
     [node("pool", CMA, sizep(512 * M), rangesp([(0x40000000, 0x40000000)]))], ram="4G", cmd="cma=256M",
     top=dma_bus("0x0 0x0 0x40000000 0x40000000"))

# ---- memory nodes (raw boots: QEMU leaves the tree alone) --------------------


def mem(name, base, size, *extra):
    return (name, [regp(base, size)] + list(extra))


case("mem-unaligned", "memory starting and ending off a page; a tiny block",
     PLAIN, loader="raw",
     mem=[mem("memory@40000000", 0x40000800, 2 * G - 0x1000 - 0x123),
          mem("tiny@40000100", 0x40000100, 0x100)])
case("mem-multi", "several memory nodes: a hole, a size-0 entry, a disabled node, two entries in one reg",
     PLAIN + [node("dyn", CMA, sizep(16 * M))], loader="raw",
     mem=[mem("memory@40000000", RAM_BASE, 512 * M),
          ("memory@70000000", ["reg = <0x0 0x70000000 0x0 0x8000000 0x0 0x80000000 0x0 0x40000000>;"]),
          mem("memory@60000000", 0x60000000, 0),
          mem("memory@78000000", 0x78000000, 0x8000000, 'status = "disabled";')])
case("mem-usable", "linux,usable-memory smaller than reg",
     PLAIN, loader="raw",
     mem=[mem("memory@40000000", RAM_BASE, 2 * G,
              "linux,usable-memory = <0x0 0x40000000 0x0 0x60000000>;")])
case("mem-low-fake", "a memory node below QEMU's RAM (the flash bank at 0x4000000)",
     PLAIN, loader="raw",
     mem=[mem("memory@4000000", 0x4000000, 0x4000000), mem("memory@40000000", RAM_BASE, 2 * G)])
case("mem-above-4g-only", "memory node only above 4 GiB (8G of RAM in QEMU; image and DTB loaded there)",
     [node("dyn", CMA, sizep(16 * M))], ram="8G", loader="raw 0x100000000",
     mem=[mem("memory@100000000", 0x100000000, 5 * G)])
case("mem-cross-4g", "8 GiB at 0x40000000, a dynamic pool and cma= above 4G",
     [node("dyn", CMA, sizep(16 * M)), node("hiwin", POOL, sizep(16 * M), rangesp([(0x100000000, 0x40000000)]))],
     ram="8G", cmd="cma=64M@0x180000000")


def main():
    base = open(sys.argv[1]).read()
    out = sys.argv[2]
    only = set(sys.argv[3:])
    names = set()
    for c in CASES:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        if only and c["name"] not in only:
            continue
        d = os.path.join(out, c["name"])
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "input.dts"), "w").write(render(base, c))
        open(os.path.join(d, "cmdline"), "w").write(c["cmd"] + "\n")
        open(os.path.join(d, "ram"), "w").write(c["ram"] + "\n")
        open(os.path.join(d, "about"), "w").write(c["about"] + "\n")
        if c.get("loader"):
            open(os.path.join(d, "loader"), "w").write(c["loader"] + "\n")


if __name__ == "__main__":
    main()
