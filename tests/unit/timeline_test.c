// SPDX-License-Identifier: MIT
/*
 * timeline_test.c - the timeline of kernel changes (src/boot/timeline.c)
 * against the recorded builds, and the releases between them.
 */
#include "../test.h"
#include "../../src/boot/internal.h"

/* Expect the rules the timeline gives X.Y to be those of the build. */
static void expect_rules_equal(const struct sm_profile *a,
			       const struct sm_profile *b)
{
	CHECK(a->rmem_flow == b->rmem_flow);
	CHECK(a->cma_default_vs_cmdline == b->cma_default_vs_cmdline);
	CHECK(a->sort == b->sort);
	CHECK(a->sort_by_node == b->sort_by_node);
	CHECK(a->prop_len_invalid_is_absent == b->prop_len_invalid_is_absent);
	CHECK(a->reg_first_entry_only == b->reg_first_entry_only);
	CHECK(a->rmem_not_mine_enodev == b->rmem_not_mine_enodev);
	CHECK(a->rmem_early_fail_empties == b->rmem_early_fail_empties);
	CHECK(a->nomap_removes == b->nomap_removes);
	CHECK(a->cma_align_max_order == b->cma_align_max_order);
	CHECK(a->kernel_pages_present == b->kernel_pages_present);
	CHECK(a->memparse_saturates == b->memparse_saturates);
	CHECK(a->alloc_ranges_heuristic == b->alloc_ranges_heuristic);
	CHECK(a->cma_reserve_before_zones == b->cma_reserve_before_zones);
	CHECK(a->dma_zone_from_limit == b->dma_zone_from_limit);
	CHECK(a->rmem_drop_failed == b->rmem_drop_failed);
	CHECK(a->cma_msg_requested_size == b->cma_msg_requested_size);
	CHECK(a->cma_cmdline_limit_wins == b->cma_cmdline_limit_wins);
	CHECK(a->cma_fail_msg_always == b->cma_fail_msg_always);
	CHECK(a->hugetlb_cma_after_default == b->hugetlb_cma_after_default);
}

/*
 * Expect the timeline, replayed from 5.10 up to each recorded build's
 * release, to give exactly that build's rules and every message format:
 * the five builds are its fixed points.
 */
static void timeline_reproduces_builds(void)
{
	for (size_t i = 0; i < sm_boot_profile_count(); i++) {
		const struct sm_profile *b = sm_boot_profile_at(i);
		struct sm_profile p = *sm_boot_profile_at(0);
		struct sm_profile_msgs m = *sm_boot_profile_at(0)->msgs;

		sm_boot_timeline_apply(&p, &m, b->version);
		expect_rules_equal(&p, b);
		for (int id = 0; id < SM_MSG_COUNT; id++) {
			const char *want = b->msgs->m[id].fmt;
			const char *got = m.m[id].fmt;

			if (!want || !got)
				CHECK(want == got);
			else
				CHECK_STR(got, want);
			if ((want == NULL) != (got == NULL))
				fprintf(stderr, "  %s: message %d\n", b->name, id);
		}
	}
}

static bool is_hash12(const char *s)
{
	if (!s || strlen(s) != 12)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/*
 * Expect every change to name its mainline release, the upstream commit
 * (12 hex digits and its subject) and where both were confirmed; a
 * backport is modelled from an older series only. The entries the
 * look-ups left without a commit are counted, so that one more cannot
 * slip in unnoticed, and each says why in its evidence.
 */
static void timeline_names_release_and_commit(void)
{
	size_t i, unresolved = 0;

	for (i = 0; sm_boot_kernel_change_at(i); i++) {
		const struct sm_kernel_change *c = sm_boot_kernel_change_at(i);

		CHECK(c->since > SM_KV_OLDEST && c->since <= SM_KV_NEWEST);
		CHECK(c->stable_from == 0 || (c->stable_from < c->since &&
					      c->stable_from >= SM_KV_OLDEST));
		CHECK(c->subject && *c->subject);
		CHECK(c->evidence && strlen(c->evidence) > 10);
		CHECK(c->what && *c->what);
		if (c->commit)
			CHECK(is_hash12(c->commit));
		else
			unresolved++;
		if (c->commit && !is_hash12(c->commit))
			fprintf(stderr, "  change %zu: commit '%s'\n", i, c->commit);
	}
	CHECK_EQ_U64(unresolved, 7);
	CHECK(i - unresolved >= 21);
}

/* Expect the changes oldest first, each with a version in range. */
static void timeline_ordered(void)
{
	unsigned int last = 0;
	size_t i;

	for (i = 0; sm_boot_kernel_change_at(i); i++) {
		CHECK(sm_boot_kernel_change_at(i)->since >= last);
		CHECK(sm_boot_kernel_change_at(i)->since > SM_KV_OLDEST);
		CHECK(sm_boot_kernel_change_at(i)->since <= SM_KV_NEWEST);
		last = sm_boot_kernel_change_at(i)->since;
	}
	CHECK(i > 20);
}

/* Expect a release between builds to take its own rules. */
static void release_between_builds(void)
{
	const struct sm_profile *p = sm_boot_profile_find("6.6.52-qli-1.3");

	CHECK(p != NULL);
	CHECK_STR(p->name, "6.6");
	CHECK_STR(p->requested, "6.6.52-qli-1.3");
	CHECK(!p->recorded);
	CHECK(p->id == SM_KERNEL_6_1);		/* 6.1's build data */
	CHECK(p->rmem_flow == SM_RMEM_FLOW_SORTED);
	CHECK(p->sort_by_node);			/* v6.5 */
	CHECK(p->msgs->m[SM_MSG_RMEM_SUMMARY].fmt != NULL); /* v6.3 */
	CHECK(strstr(p->msgs->m[SM_MSG_RMEM_FAILED_REG].fmt, "OF: fdt:") != NULL);
	CHECK(!p->cma_align_max_order);
	CHECK(strstr(p->modelled, "6.1 build") != NULL);
	/* the same string gives the same profile */
	CHECK(sm_boot_profile_find("6.6.52-qli-1.3") == p);
	/* 7.0 needs a build that reserves CMA before the memory map: 7.2 */
	CHECK(sm_boot_profile_find("7.0")->id == SM_KERNEL_7_2);
	CHECK(sm_boot_profile_find("6.16")->id == SM_KERNEL_6_12);
	CHECK(sm_boot_profile_find("5.15")->id == SM_KERNEL_5_10);
	CHECK(!sm_boot_profile_find("5.15")->nomap_removes);
}

/*
 * Expect a stable or vendor release of a recorded X.Y to be that build,
 * under the name typed, and saying which build answered.
 */
static void stable_release_named(void)
{
	const struct sm_profile *b = sm_boot_profile_find("6.12");
	const struct sm_profile *p = sm_boot_profile_find("6.12.58");

	CHECK(p != NULL && p != b);
	CHECK_STR(p->requested, "6.12.58");
	CHECK_STR(p->name, "6.12");
	CHECK(p->id == SM_KERNEL_6_12);
	CHECK(p->recorded);
	CHECK(p->msgs == b->msgs);
	CHECK(p->rmem_flow == b->rmem_flow);
	CHECK(strstr(p->modelled, "6.12 build") != NULL);
	CHECK(strstr(p->modelled, b->release) != NULL);
	CHECK(sm_boot_profile_find("6.12.58") == p);
	CHECK_STR(sm_boot_profile_find("7.3.4+deb13-arm64")->requested,
		  "7.3.4+deb13-arm64");
	/* the recorded name itself is the build */
	CHECK_STR(b->requested, "6.12");
}

/* Expect releases outside 5.10-7.3, and non-releases, to be refused. */
static void release_out_of_range(void)
{
	unsigned int v;

	CHECK(sm_boot_profile_find("5.4") == NULL);
	CHECK(sm_boot_profile_find("7.4") == NULL);
	CHECK(sm_boot_profile_find("6.20") == NULL);
	CHECK(sm_boot_profile_find("6") == NULL);
	CHECK(sm_boot_profile_find("6.x") == NULL);
	CHECK(sm_boot_profile_find("6.6junk") == NULL);
	CHECK(sm_boot_kernel_version_parse("7.3.4+deb13-arm64", &v) == 0);
	CHECK_EQ_U64(v, SM_KV(7, 3));
	CHECK(sm_boot_kernel_version_parse("6.1.0-50-arm64", &v) == 0);
	CHECK_EQ_U64(v, SM_KV(6, 1));
}

int main(void)
{
	RUN(timeline_reproduces_builds);
	RUN(timeline_ordered);
	RUN(timeline_names_release_and_commit);
	RUN(release_between_builds);
	RUN(stable_release_named);
	RUN(release_out_of_range);
	return test_done();
}
