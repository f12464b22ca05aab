// SPDX-License-Identifier: MIT
/*
 * plan_map.c - `socmem map` on the example board (cma=64M):
 *
 *   the SVG, and the SVG inside the HTML, parse as XML (python3's
 *   parser, or xmllint); the HTML fetches nothing;
 *   headless Chromium renders the HTML, and inside the rectangles the
 *   layout computed for three regions (the camera carve-out, the my_cma
 *   pool, the default CMA area) the screenshot has each kind's colour;
 *   so does free space; opened as #zoom=2 the same regions are found at
 *   twice their coordinates;
 *   --json reports those same rectangles;
 *   on the 49 regions of Linux 6.12's sm8550-qrd memory map, Chromium's
 *   own text boxes of the names above the bars: one per region
 *   rectangle, no two intersecting;
 *   on kinds.dts (a region of every kind, with kinds.env's image, DTB,
 *   initrd and default CMA area), each kind's pixels in the colour the
 *   key gives it, no two kinds alike, the overlap and failure hatches.
 *
 * Chromium is a test dependency (scripts/install-deps.sh --test): a
 * missing browser fails the test, it is not skipped.
 * Usage: plan_map SOCMEM seed.dts sm8550-qrd-rmem.dts kinds.dts kinds.env
 */
#include <zlib.h>

#include "plan_test.h"

static const char *socmem, *seed, *sm8550, *kinds_dts, *kinds_env;
static char *dir;

/* ---- PNG (what Chromium writes: 8-bit RGB or RGBA, not interlaced) ---- */

struct image {
	unsigned int w, h, bpp;
	unsigned char *px;	/* w * h * bpp */
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static int unfilter(struct image *im, const unsigned char *raw)
{
	size_t stride = (size_t)im->w * im->bpp;

	for (unsigned int y = 0; y < im->h; y++) {
		const unsigned char *in = raw + y * (stride + 1) + 1;
		unsigned char *out = im->px + y * stride;
		const unsigned char *up = y ? out - stride : NULL;
		int f = raw[y * (stride + 1)];

		for (size_t x = 0; x < stride; x++) {
			int a = x >= im->bpp ? out[x - im->bpp] : 0;
			int b = up ? up[x] : 0;
			int c = up && x >= im->bpp ? up[x - im->bpp] : 0;
			int v = f == 0 ? 0 : f == 1 ? a : f == 2 ? b :
				f == 3 ? (a + b) / 2 : f == 4 ? paeth(a, b, c) : -1;

			if (v < 0)
				return -1;
			out[x] = (unsigned char)(in[x] + v);
		}
	}
	return 0;
}

static int png_read(const char *path, struct image *im)
{
	size_t len, zlen = 0, rawlen;
	unsigned char *f = (unsigned char *)read_text(path, &len), *z = NULL;
	unsigned char *raw;
	uLongf out;
	int err = -1;

	if (!f || len < 8 || memcmp(f, "\x89PNG\r\n\x1a\n", 8))
		goto out;
	for (size_t o = 8; o + 12 <= len;) {
		uint32_t n = be32(f + o);

		if (!memcmp(f + o + 4, "IHDR", 4)) {
			im->w = be32(f + o + 8);
			im->h = be32(f + o + 12);
			if (f[o + 16] != 8 || (f[o + 17] != 2 && f[o + 17] != 6) ||
			    f[o + 20])
				goto out;
			im->bpp = f[o + 17] == 6 ? 4 : 3;
		} else if (!memcmp(f + o + 4, "IDAT", 4)) {
			z = realloc(z, zlen + n);
			memcpy(z + zlen, f + o + 8, n);
			zlen += n;
		}
		o += 12 + n;
	}
	rawlen = (size_t)im->h * ((size_t)im->w * im->bpp + 1);
	raw = malloc(rawlen);
	out = rawlen;
	im->px = malloc(rawlen);
	if (raw && im->px && uncompress(raw, &out, z, zlen) == Z_OK &&
	    out == rawlen)
		err = unfilter(im, raw);
	free(raw);
out:
	free(f);
	free(z);
	return err;
}

/* ---- the test -------------------------------------------------------- */

static bool color_near(const unsigned char *p, const char *hex)
{
	unsigned int r, g, b;

	if (sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		return false;
	return abs(p[0] - (int)r) <= 3 && abs(p[1] - (int)g) <= 3 &&
	       abs(p[2] - (int)b) <= 3;
}

/* Share of the pixels of [x, x+w) x [y, y+h) (inset @in) that are @hex. */
static double share_in(const struct image *im, double x, double y, double w,
		       double h, const char *hex, int in)
{
	long hits = 0, all = 0;

	for (long py = (long)y + in; py < (long)(y + h) - in; py++)
		for (long px = (long)x + in; px < (long)(x + w) - in; px++) {
			if (px < 0 || py < 0 || px >= (long)im->w ||
			    py >= (long)im->h)
				continue;
			all++;
			hits += color_near(im->px + ((size_t)py * im->w +
						     (size_t)px) * im->bpp,
					   hex);
		}
	return all ? (double)hits / (double)all : 0;
}

static double share(const struct image *im, double x, double y, double w,
		    double h, const char *hex)
{
	return share_in(im, x, y, w, h, hex, 3);
}

static int screenshot(const char *html, const char *fragment,
		      const char *png, int w, int h)
{
	char url[4200], size[64], shot[4200], profile[4200];
	char *argv[] = { "/usr/bin/chromium", "--headless", "--no-sandbox",
			 "--disable-gpu", "--disable-background-networking",
			 "--disable-component-update", "--disable-sync",
			 "--no-first-run", "--hide-scrollbars",
			 "--force-device-scale-factor=1", profile, size, shot,
			 url, NULL };

	snprintf(url, sizeof(url), "file://%s%s", html, fragment);
	snprintf(size, sizeof(size), "--window-size=%d,%d", w, h);
	snprintf(shot, sizeof(shot), "--screenshot=%s", png);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/chromium", dir);
	if (access(argv[0], X_OK)) {
		fprintf(stderr, "FAIL: %s is missing (scripts/install-deps.sh --test installs it)\n",
			argv[0]);
		return -1;
	}
	return run(argv, NULL, NULL);
}

static bool parses_as_xml(const char *path)
{
	char *py[] = { "python3", "-c",
		       "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])",
		       (char *)path, NULL };
	char *xl[] = { "xmllint", "--noout", (char *)path, NULL };
	int r = run(py, NULL, NULL);

	if (r == 0)
		return true;
	return r < 0 && run(xl, NULL, NULL) == 0;
}

struct probe {
	const char *name;
	const struct sm_map_rect *r;
};

static struct sm_dt *dt;
static struct sm_board *board;
static struct sm_map_layout layout;
static struct probe probes[] = { { "camera@84300000", NULL },
				 { "my_cma", NULL },
				 { "reserved", NULL } };
static char html[4096], svg[4096], *json;

static void setup(void)
{
	struct sm_boot_options o = { sm_boot_profile_find("6.12"), "cma=64M", -1 };
	char *argv[] = { (char *)socmem, "map", "--cmdline", "cma=64M",
			 "--svg", svg, "--html", html, "--json", (char *)seed,
			 NULL };

	snprintf(html, sizeof(html), "%s/seed.html", dir);
	snprintf(svg, sizeof(svg), "%s/seed.svg", dir);
	CHECK(run(argv, &json, NULL) == 0);
	CHECK(sm_dt_load(seed, NULL, &dt, NULL) == 0);
	CHECK(sm_boot_board_boot(dt, &o, &board, NULL) == 0);
	CHECK(sm_plan_map_layout(board, &layout) == 0);
	for (size_t i = 0; i < layout.nrects; i++)
		for (size_t k = 0; k < 3; k++)
			if (layout.rects[i].region >= 0 &&
			    !strcmp(board->regions[layout.rects[i].region].name,
				    probes[k].name))
				probes[k].r = &layout.rects[i];
	for (size_t k = 0; k < 3; k++)
		CHECK(probes[k].r && probes[k].r->w >= 8);
}

/* Expect: both pictures are XML; nothing is fetched from anywhere. */
static void svg_is_xml(void)
{
	char *h = read_text(html, NULL), *s, *e;
	char inner[4200];

	CHECK(parses_as_xml(svg));
	CHECK(h && (s = strstr(h, "<svg")) && (e = strstr(h, "</svg>")));
	if (!h || !(s = strstr(h, "<svg")) || !(e = strstr(h, "</svg>")))
		return;
	e[6] = '\0';
	snprintf(inner, sizeof(inner), "%s/inner.svg", dir);
	write_text(inner, s);
	CHECK(parses_as_xml(inner));
	e[6] = '\n';
	CHECK(!strstr(h, "https:") && !strstr(h, " src=") &&
	      !strstr(h, "<link") && !strstr(h, "@import"));
	/* the only http: is the SVG namespace, which is a name */
	CHECK(strstr(h, "http:") == strstr(h, "http://www.w3.org/2000/svg"));
	CHECK(strstr(h, "id=\"zin\"") && strstr(h, "addEventListener('wheel'"));
	CHECK(strstr(h, "data-name=\"camera@84300000\""));
	free(h);
}

/* Expect: --json has the rectangles the layout computed. */
static void json_has_rects(void)
{
	for (size_t k = 0; k < 3; k++) {
		char want[256];
		const char *at;

		if (!probes[k].r)
			continue;
		snprintf(want, sizeof(want), "\"region\": \"%s\"",
			 probes[k].name);
		at = json ? strstr(json, want) : NULL;
		CHECK(at != NULL);
		snprintf(want, sizeof(want), "\"page\": {\n        \"x\": %.3f,\n        \"y\": %.3f,",
			 probes[k].r->x + SM_MAP_HTML_LEFT,
			 probes[k].r->y + SM_MAP_HTML_TOP);
		CHECK(at && strstr(at, want));
	}
}

static void expect_colours(const struct image *im, double zoom)
{
	for (size_t k = 0; k < 3; k++) {
		const struct sm_map_rect *r = probes[k].r;
		double s;

		if (!r)
			continue;
		s = share(im, SM_MAP_HTML_LEFT + r->x * zoom,
			  SM_MAP_HTML_TOP + r->y * zoom, r->w * zoom,
			  r->h * zoom, r->fill);
		if (s < 0.95)
			fprintf(stderr, "FAIL %s at zoom %g: %.0f%% of its pixels are %s\n",
				probes[k].name, zoom, 100 * s, r->fill);
		CHECK(s >= 0.95);
	}
}

/* Expect: each region's rectangle, on screen, in its kind's colour. */
static void chromium_pixels(void)
{
	char png[4200];
	struct image im = { 0 };
	int w = (int)layout.width, h = (int)layout.height + SM_MAP_HTML_TOP;
	const struct sm_map_rect *free_r = NULL;

	snprintf(png, sizeof(png), "%s/seed.png", dir);
	CHECK(screenshot(html, "", png, w, h) == 0);
	CHECK(png_read(png, &im) == 0);
	CHECK(im.w == (unsigned int)w && im.h == (unsigned int)h);
	if (!im.px)
		return;
	expect_colours(&im, 1);
	for (size_t i = 0; i < layout.nrects && !free_r; i++)
		if (layout.rects[i].region < 0 && layout.rects[i].w > 20)
			free_r = &layout.rects[i];
	CHECK(free_r && share(&im, free_r->x + SM_MAP_HTML_LEFT,
			      free_r->y + SM_MAP_HTML_TOP,
			      free_r->w, free_r->h, free_r->fill) >= 0.95);
	/* the kinds really differ: camera's pixels are not my_cma's colour */
	CHECK(share(&im, probes[0].r->x, probes[0].r->y + SM_MAP_HTML_TOP,
		    probes[0].r->w, probes[0].r->h, probes[1].r->fill) < 0.05);
	free(im.px);
}

/* Expect: #zoom=2 draws the same regions at twice their coordinates. */
static void chromium_zoom(void)
{
	char png[4200];
	struct image im = { 0 };
	int w = (int)layout.width, h = (int)(2 * 200) + SM_MAP_HTML_TOP;

	snprintf(png, sizeof(png), "%s/zoom.png", dir);
	/* a window wide enough for the probes at double size */
	for (size_t k = 0; k < 3; k++)
		if (probes[k].r && 2 * (probes[k].r->x + probes[k].r->w) > w)
			w = (int)(2 * (probes[k].r->x + probes[k].r->w)) + 8;
	CHECK(screenshot(html, "#zoom=2", png, w, h) == 0);
	CHECK(png_read(png, &im) == 0);
	if (!im.px)
		return;
	expect_colours(&im, 2);
	free(im.px);
}

/* A page that measures the rendered names and writes what it found. */
static const char measure_js[] =
	"<pre id=\"result\"></pre><script>\n"
	"var t = document.querySelectorAll('text.label'), b = [], bad = 0;\n"
	"var regs = document.querySelectorAll('rect.region').length;\n"
	"for (var i = 0; i < t.length; i++) b.push(t[i].getBBox());\n"
	"for (var i = 0; i < b.length; i++)\n"
	" for (var j = i + 1; j < b.length; j++) {\n"
	"  var p = b[i], q = b[j];\n"
	"  if (p.x < q.x + q.width && q.x < p.x + p.width &&\n"
	"      p.y < q.y + q.height && q.y < p.y + p.height) bad++;\n"
	" }\n"
	"document.getElementById('result').textContent =\n"
	" 'labels=' + t.length + ' regions=' + regs + ' overlaps=' + bad;\n"
	"</script>\n";

/*
 * Expect: on sm8550's 49 regions (many of a few KiB side by side) every
 * region rectangle has its name or number above the bar, and no two of
 * the boxes Chromium draws for them intersect.
 */
static void labels_do_not_collide(void)
{
	char svgp[4200], page[4200], url[4300], profile[4300];
	char *argv[] = { (char *)socmem, "map", "--svg", svgp, (char *)sm8550,
			 NULL };
	char *chrome[] = { "/usr/bin/chromium", "--headless", "--no-sandbox",
			   "--disable-gpu", "--no-first-run", profile,
			   "--dump-dom", url, NULL };
	char *svgt, *body, *dom = NULL, *r;
	int labels = -1, regs = -2, bad = -1;

	snprintf(svgp, sizeof(svgp), "%s/sm8550.svg", dir);
	snprintf(page, sizeof(page), "%s/sm8550.html", dir);
	snprintf(url, sizeof(url), "file://%s", page);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/chromium", dir);
	CHECK(run(argv, NULL, NULL) == 0);
	svgt = read_text(svgp, NULL);
	CHECK(svgt != NULL);
	if (!svgt)
		return;
	/* the DTB the boot loader placed is drawn too */
	CHECK(strstr(svgt, "<rect class=\"dtb\" ") &&
	      strstr(svgt, "<title>DTB (placed by the boot loader) [0x"));
	/* the <svg> element, without the XML declaration, inline */
	if (asprintf(&body, "<!DOCTYPE html>\n<html><body>%s%s</body></html>\n",
		     strstr(svgt, "<svg"), measure_js) < 0)
		return;
	write_text(page, body);
	CHECK(run(chrome, &dom, NULL) == 0);
	r = dom ? strstr(dom, "labels=") : NULL;
	CHECK(r && sscanf(r, "labels=%d regions=%d overlaps=%d", &labels,
			  &regs, &bad) == 3);
	if (labels != regs || bad)
		fprintf(stderr, "FAIL sm8550 map: %d labels, %d region rectangles, %d intersecting pairs\n",
			labels, regs, bad);
	CHECK(labels >= 49 && labels == regs);
	CHECK(bad == 0);
	free(dom);
	free(body);
	free(svgt);
}

/* Attribute @name of the tag at @tag into @buf. */
static bool attr(const char *tag, const char *name, char *buf, size_t len)
{
	const char *end = strchr(tag, '>'), *p = tag, *q;
	char key[64];

	snprintf(key, sizeof(key), " %s=\"", name);
	while ((p = strstr(p, key)) && end && p < end) {
		p += strlen(key);
		q = strchr(p, '"');
		if (!q || (size_t)(q - p) >= len)
			return false;
		memcpy(buf, p, (size_t)(q - p));
		buf[q - p] = '\0';
		return true;
	}
	return false;
}

/* The box and fill of the first <rect> carrying @key (class="dtb", ...). */
static bool svg_rect(const char *text, const char *key, double box[4],
		     char *fill, size_t len)
{
	const char *at = strstr(text, key), *tag;
	char v[4][32];

	if (!at)
		return false;
	for (tag = at; tag > text && strncmp(tag, "<rect ", 6); tag--)
		;
	if (!attr(tag, "x", v[0], 32) || !attr(tag, "y", v[1], 32) ||
	    !attr(tag, "width", v[2], 32) || !attr(tag, "height", v[3], 32) ||
	    !attr(tag, "fill", fill, len))
		return false;
	for (int i = 0; i < 4; i++)
		box[i] = strtod(v[i], NULL);
	return true;
}

/* The fill the colour key gives @what ("CMA", "initrd", ...). */
static bool key_fill(const char *text, const char *what, char *fill,
		     size_t len)
{
	char pat[80];
	const char *at, *tag;

	/* the key comes last: a region's name in the legend may be the same */
	snprintf(pat, sizeof(pat), "\">%s</text>", what);
	if (!(text = strstr(text, "<rect class=\"key\"")) ||
	    !(at = strstr(text, pat)))
		return false;
	for (tag = at; tag > text && strncmp(tag, "<rect class=\"key\"", 17);
	     tag--)
		;
	return attr(tag, "fill", fill, len);
}

/*
 * Expect: on a board with one region of every kind (map/kinds.dts, with
 * kinds.env's image, DTB, initrd and cma=32M), each kind's rectangle is
 * drawn on screen in the colour the key gives that kind, no two kinds
 * share a colour, an overlap is hatched red, a failed region cross-hatched
 * black, and the initrd has its band.
 */
static void kinds_in_pixels(void)
{
	static const struct { const char *key, *what; int in; } solid[] = {
		{ "data-name=\"/memreserve/\"", "/memreserve/", 3 },
		{ "data-name=\"firmware@42000000\"", "carve-out (no-map)", 3 },
		{ "data-name=\"carveout@44000000\"", "carve-out", 3 },
		{ "data-name=\"cma@46000000\"", "CMA", 3 },
		{ "data-name=\"dma-pool@48000000\"", "DMA pool", 3 },
		{ "data-name=\"restricted@4a000000\"", "restricted pool", 3 },
		{ "data-name=\"kernel\"", "kernel image", 3 },
		{ "data-name=\"reserved\"", "default CMA", 3 },
		{ "class=\"dtb\"", "DTB", 2 },
		{ "class=\"initrd\"", "initrd", 2 },
		{ "class=\"free\"", "free", 3 },
	};
	enum { NSOLID = sizeof(solid) / sizeof(solid[0]) };
	char svgp[4200], htmlp[4200], png[4200], fills[NSOLID][32], key[32];
	char *argv[] = { (char *)socmem, "map", "--env", (char *)kinds_env,
			 "--svg", svgp, "--html", htmlp, (char *)kinds_dts,
			 NULL };
	struct image im = { 0 };
	double box[4], top = SM_MAP_HTML_TOP, s;
	char *svgt, hv[32], wv[32];
	int h;

	snprintf(svgp, sizeof(svgp), "%s/kinds.svg", dir);
	snprintf(htmlp, sizeof(htmlp), "%s/kinds.html", dir);
	snprintf(png, sizeof(png), "%s/kinds.png", dir);
	CHECK(run(argv, NULL, NULL) == 0);
	svgt = read_text(svgp, NULL);
	CHECK(svgt && attr(strstr(svgt, "<svg "), "height", hv, sizeof(hv)) &&
	      attr(strstr(svgt, "<svg "), "width", wv, sizeof(wv)));
	if (!svgt || !attr(strstr(svgt, "<svg "), "height", hv, sizeof(hv)) ||
	    !attr(strstr(svgt, "<svg "), "width", wv, sizeof(wv)))
		goto out;
	CHECK(strstr(svgt, "<title>initrd (placed by the boot loader) [0x4d000000-0x4dffffff] 16 MiB</title>"));
	h = (int)strtod(hv, NULL) + SM_MAP_HTML_TOP;
	CHECK(screenshot(htmlp, "", png, (int)strtod(wv, NULL), h) == 0);
	CHECK(png_read(png, &im) == 0);
	if (!im.px)
		goto out;
	for (size_t k = 0; k < NSOLID; k++) {
		bool found = svg_rect(svgt, solid[k].key, box, fills[k], 32);

		key[0] = '\0';
		if (!found || !key_fill(svgt, solid[k].what, key, sizeof(key)) ||
		    strcmp(key, fills[k]))
			fprintf(stderr, "FAIL %s: drawn %s, the key says %s\n",
				solid[k].what, found ? fills[k] : "(none)",
				key);
		CHECK(found && key_fill(svgt, solid[k].what, key, sizeof(key)) &&
		      !strcmp(key, fills[k]));
		if (!found)
			continue;
		s = share_in(&im, box[0], box[1] + top, box[2], box[3],
			     fills[k], solid[k].in);
		if (s < 0.9)
			fprintf(stderr, "FAIL %s: %.0f%% of its pixels are %s\n",
				solid[k].what, 100 * s, fills[k]);
		CHECK(s >= 0.9);
		for (size_t j = 0; j < k; j++)
			CHECK(strcmp(fills[j], fills[k]));
	}
	/* the hatches: red stripes on the overlap, a black grid on a failure */
	CHECK(svg_rect(svgt, "class=\"overlap\"", box, key, sizeof(key)) &&
	      !strcmp(key, "url(#sm-hatch)"));
	s = share(&im, box[0], box[1] + top, box[2], box[3], "#e00000");
	if (s < 0.2)
		fprintf(stderr, "FAIL overlap: %.0f%% red\n", 100 * s);
	CHECK(s >= 0.2);
	CHECK(svg_rect(svgt, "class=\"failed\"", box, key, sizeof(key)) &&
	      !strcmp(key, "url(#sm-fail)"));
	/* its upper three quarters: the DTB band it failed on is below */
	s = share(&im, box[0], box[1] + top, box[2], box[3] * 0.75, "#000000");
	if (s < 0.25)
		fprintf(stderr, "FAIL failed region: %.0f%% black\n", 100 * s);
	CHECK(s >= 0.25);
	free(im.px);
out:
	free(svgt);
}

int main(int argc, char **argv)
{
	if (argc != 6)
		return 2;
	socmem = argv[1];
	seed = argv[2];
	sm8550 = argv[3];
	kinds_dts = argv[4];
	kinds_env = argv[5];
	dir = scratch_dir();
	if (!dir)
		return 1;
	RUN(setup);
	if (!test_failures) {
		RUN(svg_is_xml);
		RUN(json_has_rects);
		RUN(chromium_pixels);
		RUN(chromium_zoom);
		RUN(labels_do_not_collide);
		RUN(kinds_in_pixels);
	}
	sm_plan_map_layout_free(&layout);
	sm_boot_board_free(board);
	sm_dt_free(dt);
	free(json);
	remove_tree(dir);
	free(dir);
	return test_done();
}
