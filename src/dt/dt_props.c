// SPDX-License-Identifier: MIT
/*
 * dt_props.c - reading properties the way the kernel's flat-tree helpers
 * (drivers/of/fdt.c) do: lengths are trusted as given, numbers are
 * big-endian cells folded into 64 bits, strings may lack their NUL.
 */
#include <string.h>

#include <libfdt.h>

#include <socmem/dt.h>

uint64_t sm_dt_read_cells(const void *p, unsigned int cells)
{
	const uint8_t *c = p;
	uint64_t v = 0;

	/* of_read_number(): every cell shifts in; only the last two survive */
	if (cells > 2) {
		c += (size_t)(cells - 2) * 4;
		cells = 2;
	}
	for (unsigned int i = 0; i < cells; i++, c += 4)
		v = (v << 32) | ((uint64_t)c[0] << 24 | (uint64_t)c[1] << 16 |
				 (uint64_t)c[2] << 8 | c[3]);
	return v;
}

const void *sm_dt_prop(const void *fdt, int node, const char *name, int *len)
{
	int l = 0;
	const void *p = fdt_getprop(fdt, node, name, &l);

	if (len)
		*len = p ? l : 0;
	return p;
}

bool sm_dt_has_prop(const void *fdt, int node, const char *name)
{
	return sm_dt_prop(fdt, node, name, NULL) != NULL;
}

/*
 * of_fdt_is_compatible() walks the NUL-separated list; a last string
 * without its NUL still counts up to the end of the property.
 */
bool sm_dt_is_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *cp = sm_dt_prop(fdt, node, "compatible", &len);
	size_t want = strlen(compat);

	if (!cp)
		return false;
	while (len > 0) {
		size_t l = strnlen(cp, (size_t)len);

		if (l == want && !strncasecmp(cp, compat, l))
			return true;
		cp += l + 1;
		len -= (int)l + 1;
	}
	return false;
}

bool sm_dt_node_available(const void *fdt, int node)
{
	int len;
	const char *status = sm_dt_prop(fdt, node, "status", &len);

	if (!status)
		return true;
	/* the kernel compares with strcmp(): the value must be NUL-ended */
	if (len >= 5 && !memcmp(status, "okay", 5))
		return true;
	if (len >= 3 && !memcmp(status, "ok", 3))
		return true;
	return false;
}

uint32_t sm_dt_node_phandle(const void *fdt, int node)
{
	return fdt_get_phandle(fdt, node);
}
