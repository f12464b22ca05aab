// SPDX-License-Identifier: MIT
/*
 * client_reply_test.c - every typed call of <socmem/client.h> against a
 * daemon that lies (issue 10: "every reply is validated once, in typed
 * client functions"). A server process speaks the wire
 * protocol: it says hello properly, then answers each request with the
 * reply a case scripted - a good one, which must come back converted, or
 * one that is truncated, oversized, counts more than it carries, leaves a
 * string unterminated, points outside the physical memory, or passes the
 * wrong fd. A bad reply must be -EPROTO, end the connection, and leave
 * no fd behind; without the check in the typed call each case would
 * return 0 (or read past the reply).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <socmem/client.h>

#include "internal.h"	/* sm_daemon_send, sm_daemon_recv, the wire structs */
#include "test.h"

#define PHYS_SIZE (1u << 20)
#define BOOT 0x5eedULL

enum { FD_NONE, FD_MEMFD, FD_SMALL_MEMFD, FD_SOCKET };

enum { HELLO_GOOD, HELLO_SHORT, HELLO_NO_FD, HELLO_SOCKET_FD,
       HELLO_BAD_PROTO, HELLO_UNTERMINATED, HELLO_NO_BOOT };

/*
 * what the server answers next: shared with the server process, written
 * by this one before each request and read by the server after it
 */
static struct srv {
	int status;
	unsigned char p[SM_DAEMON_MSG_MAX];
	size_t len;
	int fd;		/* FD_* */
	int other_op;	/* answer as if another op was asked */
	int hello;	/* HELLO_* */
	struct sm_daemon_hdr req;	/* the last request's header */
	_Alignas(16) unsigned char req_p[SM_DAEMON_MSG_MAX];	/* its payload */
} *shared;
#define srv (*shared)

static char state_dir[100];
static int listen_fd = -1;

static int make_fd(int kind)
{
	int sv[2], fd;

	switch (kind) {
	case FD_MEMFD:
	case FD_SMALL_MEMFD:
		fd = memfd_create("client-test", MFD_CLOEXEC);
		if (fd >= 0 && ftruncate(fd, kind == FD_MEMFD ?
					 SM_ZRAM_SHM_SIZE : 4096)) {
			close(fd);
			return -1;
		}
		return fd;
	case FD_SOCKET:
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
			return -1;
		close(sv[1]);
		return sv[0];
	default:
		return -1;
	}
}

static int send_reply(int c, const struct sm_daemon_hdr *q, int status,
		      const void *p, size_t len, int fd)
{
	struct sm_daemon_hdr h = {
		.magic = SM_DAEMON_MAGIC, .service = q->service, .op = q->op,
		.status = status, .len = (uint32_t)len,
	};
	int ret = sm_daemon_send(c, &h, p, fd);

	if (fd >= 0)
		close(fd);
	return ret;
}

static int hello(int c, const struct sm_daemon_hdr *q, int mode)
{
	struct sm_core_hello h = {
		.proto = mode == HELLO_BAD_PROTO ? 99 : SM_DAEMON_PROTO,
		.page_size = 4096, .pid = getpid(), .started = 1700000000,
		.kernel = "6.12", .board = "fake.dts", .boot = BOOT,
	};
	int fd = -1;

	if (mode == HELLO_UNTERMINATED)
		memset(h.board, 'b', sizeof(h.board));
	if (mode == HELLO_NO_BOOT)
		h.boot = 0;
	if (mode != HELLO_NO_FD) {
		fd = make_fd(mode == HELLO_SOCKET_FD ? FD_SOCKET : FD_MEMFD);
		if (fd >= 0 && mode != HELLO_SOCKET_FD &&
		    ftruncate(fd, PHYS_SIZE))
			return -1;
	}
	return send_reply(c, q, 0, &h,
			  mode == HELLO_SHORT ? sizeof(h) - 8 : sizeof(h), fd);
}

static void serve(int c)
{
	static unsigned char in[SM_DAEMON_MSG_MAX];
	const struct sm_daemon_hdr *q = (const void *)in;

	for (;;) {
		struct sm_daemon_hdr h;
		int fd, ret;
		ssize_t n = sm_daemon_recv(c, in, sizeof(in), &fd, 0);

		if (fd >= 0)
			close(fd);
		if (n <= 0)
			return;
		if (q->service == SM_SVC_CORE && q->op == SM_CORE_HELLO) {
			ret = hello(c, q, srv.hello);
		} else {
			srv.req = *q;
			memcpy(srv.req_p, in + sizeof(*q), q->len);
			h = *q;
			h.op = (uint16_t)(h.op + srv.other_op);
			ret = send_reply(c, &h, srv.status, srv.p, srv.len,
					 make_fd(srv.fd));
		}
		if (ret)
			return;
	}
}

static void server(void)
{
	for (;;) {
		int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (c < 0)
			_exit(0);
		serve(c);
		close(c);
	}
}

/* the server is a process of its own: the fds it holds are not ours */
static int start_server(pid_t *pid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *tmp = getenv("TMPDIR");

	snprintf(state_dir, sizeof(state_dir), "%s/socmem-client-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(state_dir))
		return -1;
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%.100s/socket",
			     state_dir) >= sizeof(sa.sun_path))
		return -1;
	listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (void *)&sa, sizeof(sa)) ||
	    listen(listen_fd, 4))
		return -1;
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return -1;
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (!*pid) {
		/* a test that dies must not leave its server behind, holding
		 * the output pipe ctest waits on */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		server();
	}
	close(listen_fd);
	return 0;
}

/* ---- the cases' tools -------------------------------------------------- */

static int nfds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* script the next reply */
static void say(int status, const void *p, size_t len, int fd)
{
	srv.status = status;
	memcpy(srv.p, p, len);
	srv.len = len;
	srv.fd = fd;
	srv.other_op = 0;
}

/* @p's @len bytes and @extra zero bytes after them: an oversized reply */
static void say_more(int status, const void *p, size_t len, size_t extra,
		     int fd)
{
	say(status, p, len, fd);
	memset(srv.p + len, 0, extra);
	srv.len = len + extra;
}

static struct sm_daemon_client *conn(void)
{
	struct sm_daemon_connect_opts o = { .state_dir = state_dir };
	struct sm_daemon_client *c = NULL;
	struct sm_diag diag = { 0 };

	if (sm_daemon_connect(&o, &c, &diag)) {
		fprintf(stderr, "connect: %s\n", diag.msg);
		return NULL;
	}
	return c;
}

/*
 * EXPECT(expr, want): on a fresh connection, @expr (naming it `c`)
 * returns @want; -EPROTO also ends the connection, and no fd of the
 * reply stays open.
 */
#define EXPECT(expr, want)                                                   \
	do {                                                                 \
		int fds_ = nfds();                                           \
		struct sm_daemon_client *c = conn();                         \
		int r_;                                                      \
                                                                             \
		CHECK(c != NULL);                                            \
		if (!c)                                                      \
			break;                                               \
		r_ = (expr);                                                 \
		if (r_ != (want))                                            \
			fprintf(stderr, "  %s = %d, not %d\n", #expr, r_,    \
				(want));                                     \
		CHECK(r_ == (want));                                         \
		CHECK(sm_daemon_dead(c) == ((want) == -EPROTO));             \
		sm_daemon_close(c);                                          \
		if ((want) == -EPROTO)                                       \
			CHECK(nfds() == fds_);                               \
	} while (0)

#define LIE(expr) EXPECT(expr, -EPROTO)

/* a payload built from parts */
struct msg {
	_Alignas(16) unsigned char b[SM_DAEMON_MSG_MAX];
	size_t n;
};

static void put(struct msg *m, const void *p, size_t len)
{
	memcpy(m->b + m->n, p, len);
	m->n += len;
}

static struct sm_dmabuf_heap_info heap_w(const char *name, uint32_t minor)
{
	struct sm_dmabuf_heap_info h = { .type = SM_DMA_HEAP_CMA,
					 .minor = minor, .base = 0x80000000,
					 .size = 1 << 24 };

	snprintf(h.name, sizeof(h.name), "%s", name);
	snprintf(h.area, sizeof(h.area), "reserved");
	return h;
}

static struct sm_dmabuf_buf_info buf_w(uint64_t id, uint64_t size)
{
	struct sm_dmabuf_buf_info b = { .id = id, .size = size, .ino = 77,
					.type = SM_DMA_HEAP_SYSTEM, .pid = 5,
					.nranges = 1, .boot = BOOT };

	snprintf(b.heap, sizeof(b.heap), "system");
	snprintf(b.comm, sizeof(b.comm), "prog");
	return b;
}

static struct sm_zram_file zfile_w(uint32_t type, const char *mirror)
{
	struct sm_zram_file f = { .type = type, .dev = 0, .mode = 0100644,
				  .ino = 9 };

	snprintf(f.path, sizeof(f.path), "/sys/block/zram0/disksize");
	snprintf(f.mirror, sizeof(f.mirror), "%s", mirror);
	return f;
}

/* ---- connection and header ------------------------------------------ */

static void test_hello(void)
{
	static const int bad[] = { HELLO_SHORT, HELLO_NO_FD, HELLO_SOCKET_FD,
				   HELLO_BAD_PROTO, HELLO_UNTERMINATED,
				   HELLO_NO_BOOT };
	struct sm_daemon_client *c = conn();

	CHECK(c != NULL);
	if (c) {
		const struct sm_daemon_hello *h = sm_daemon_hello(c);

		CHECK_EQ_U64(h->boot, BOOT);
		CHECK_EQ_U64(h->phys_size, PHYS_SIZE);
		CHECK_STR(h->board, "fake.dts");
		sm_daemon_close(c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sm_daemon_connect_opts o = { .state_dir = state_dir };
		struct sm_diag diag = { 0 };
		int fds = nfds();

		srv.hello = bad[i];
		c = NULL;
		CHECK(sm_daemon_connect(&o, &c, &diag) == -EPROTO);
		CHECK(c == NULL);
		sm_daemon_close(c);	/* (the server serves one at a time) */
		CHECK(nfds() == fds);
	}
	srv.hello = HELLO_GOOD;
}

/* a reply to another op, or with a positive status: out of step */
static void test_header(void)
{
	say(0, "", 0, FD_NONE);
	srv.other_op = 1;
	LIE(sm_daemon_client_core_stop(c, false));
	say(5, "", 0, FD_NONE);
	LIE(sm_daemon_client_core_stop(c, false));
	/* an errno is the daemon's answer, not a lie */
	say(-EBUSY, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_core_stop(c, false), -EBUSY);
	say(0, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_core_stop(c, true), 0);
	CHECK(srv.req.op == SM_CORE_STOP &&
	      ((struct sm_core_stop_req *)srv.req_p)->force == 1);
	say(0, "x", 1, FD_NONE);
	LIE(sm_daemon_client_core_stop(c, false));	/* STOP has no payload */
	/* SYNC: an empty request, an empty reply */
	say(0, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_core_sync(c), 0);
	CHECK(srv.req.op == SM_CORE_SYNC && srv.req.len == 0);
	say(0, "x", 1, FD_NONE);
	LIE(sm_daemon_client_core_sync(c));
}

/* ---- core --------------------------------------------------------------- */

static void test_core_lookup(void)
{
	struct sm_core_lookup l = { .kind = SM_HANDLE_DMA_HEAP };
	struct sm_dmabuf_heap_info h = heap_w("reserved", 1);
	struct sm_dmabuf_buf_info b = buf_w(3, 4096);
	struct sm_zram_file f = zfile_w(SM_ZFILE_DIR, "sys/block/zram0");
	struct sm_client_handle out;
	struct msg m = { .n = 0 };

	put(&m, &l, sizeof(l));
	put(&m, &h, sizeof(h));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_core_lookup(c, 42, &out), 0);
	CHECK(out.kind == SM_HANDLE_DMA_HEAP);
	CHECK_STR(out.heap.name, "reserved");
	CHECK_EQ_U64(((struct sm_core_lookup_req *)srv.req_p)->ino, 42);
	say(0, m.b, m.n + 8, FD_NONE);		/* oversized */
	LIE(sm_daemon_client_core_lookup(c, 42, &out));
	say(0, m.b, m.n - 1, FD_NONE);		/* truncated */
	LIE(sm_daemon_client_core_lookup(c, 42, &out));
	say(0, m.b, 4, FD_NONE);		/* not even the head */
	LIE(sm_daemon_client_core_lookup(c, 42, &out));
	l.kind = SM_HANDLE_DMA_BUF;	/* a heap's bytes, said to be a buffer */
	memcpy(m.b, &l, sizeof(l));
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_lookup(c, 42, &out));
	l.kind = 99;
	memcpy(m.b, &l, sizeof(l));
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_lookup(c, 42, &out));

	m.n = 0;
	l.kind = SM_HANDLE_DMA_BUF;
	put(&m, &l, sizeof(l));
	put(&m, &b, sizeof(b));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_core_lookup(c, 42, &out), 0);
	CHECK(out.buf.id == 3 && out.buf.size == 4096);
	memset(((struct sm_dmabuf_buf_info *)(m.b + sizeof(l)))->comm, 'x',
	       sizeof(b.comm));		/* unterminated */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_lookup(c, 42, &out));

	m.n = 0;
	l.kind = SM_HANDLE_ZRAM_FILE;
	put(&m, &l, sizeof(l));
	put(&m, &f, sizeof(f));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_core_lookup(c, 42, &out), 0);
	CHECK_STR(out.zfile.mirror, "sys/block/zram0");
	f = zfile_w(SM_ZFILE_DIR, "sys/../../../etc");	/* climbs out */
	memcpy(m.b + sizeof(l), &f, sizeof(f));
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_lookup(c, 42, &out));
}

static void test_core_log(void)
{
	static char buf[256];
	struct sm_client_text t = { .buf = buf, .cap = sizeof(buf) };
	struct sm_core_log l = { .next = 7, .count = 2 };
	const char lines[] = "<6>one\n<4>two\n";
	uint64_t next = 0;
	struct msg m = { .n = 0 };

	put(&m, &l, sizeof(l));
	put(&m, lines, strlen(lines));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_core_log(c, 5, &next, &t), 0);
	CHECK_EQ_U64(next, 7);
	CHECK(t.lines == 2);
	CHECK_STR(buf, lines);
	t.cap = 4;			/* no room: said, not cut */
	EXPECT(sm_daemon_client_core_log(c, 5, &next, &t), -EOVERFLOW);
	t.cap = sizeof(buf);
	((struct sm_core_log *)m.b)->count = 3;	/* counts a line more */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
	((struct sm_core_log *)m.b)->count = 0x7fffffff;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
	((struct sm_core_log *)m.b)->count = 2;
	say(0, m.b, m.n - 1, FD_NONE);		/* the last line cut */
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
	m.b[sizeof(l) + 3] = '\0';		/* a NUL inside */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
	m.b[sizeof(l) + 3] = 'o';
	((struct sm_core_log *)m.b)->next = 5;	/* lines, and no progress */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
	say(0, m.b, 12, FD_NONE);		/* not even the head */
	LIE(sm_daemon_client_core_log(c, 5, &next, &t));
}

/* ---- dmabuf ------------------------------------------------------------ */

static void test_dmabuf_heaps(void)
{
	struct sm_dmabuf_heaps l = { .count = 2 };
	struct sm_dmabuf_heap_info h[2] = { heap_w("system", 0),
					    heap_w("reserved", 1) };
	struct sm_client_heap *out = NULL;
	struct msg m = { .n = 0 };
	size_t n = 0;

	put(&m, &l, sizeof(l));
	put(&m, h, sizeof(h));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_heaps(c, &out, &n), 0);
	CHECK(n == 2 && out && !strcmp(out[1].name, "reserved") &&
	      out[1].minor == 1);
	free(out);
	((struct sm_dmabuf_heaps *)m.b)->count = 0x7fffffff;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
	((struct sm_dmabuf_heaps *)m.b)->count = 3;	/* one more than sent */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
	((struct sm_dmabuf_heaps *)m.b)->count = 1;	/* one less */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
	((struct sm_dmabuf_heaps *)m.b)->count = 2;
	say(0, m.b, m.n - 1, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
	say(0, m.b, 4, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
	memset(((struct sm_dmabuf_heap_info *)(m.b + sizeof(l)))[1].name, 'y',
	       SM_DMA_HEAP_NAME_MAX);
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_heaps(c, &out, &n));
}

static void test_dmabuf_open(void)
{
	struct sm_dmabuf_heap_info h = heap_w("reserved", 1);
	struct sm_client_heap out;
	int fd = -1;

	say(0, &h, sizeof(h), FD_SOCKET);
	EXPECT(sm_daemon_client_dmabuf_open(c, "reserved", O_RDWR, &out, &fd), 0);
	CHECK(fd >= 0 && out.minor == 1);
	CHECK_STR(((struct sm_dmabuf_open_req *)srv.req_p)->name, "reserved");
	if (fd >= 0)
		close(fd);
	say(0, &h, sizeof(h), FD_NONE);		/* the heap, no handle */
	LIE(sm_daemon_client_dmabuf_open(c, "reserved", O_RDWR, &out, &fd));
	say(0, &h, sizeof(h) - 8, FD_SOCKET);	/* truncated, with a handle */
	LIE(sm_daemon_client_dmabuf_open(c, "reserved", O_RDWR, &out, &fd));
	say_more(0, &h, sizeof(h), 8, FD_SOCKET);	/* oversized */
	LIE(sm_daemon_client_dmabuf_open(c, "reserved", O_RDWR, &out, &fd));
	h.type = 7;
	say(0, &h, sizeof(h), FD_SOCKET);
	LIE(sm_daemon_client_dmabuf_open(c, "reserved", O_RDWR, &out, &fd));
	say(-ENOENT, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_open(c, "none", O_RDWR, &out, &fd), -ENOENT);
}

static void test_dmabuf_alloc(void)
{
	static char log[256];
	struct sm_client_text t = { .buf = log, .cap = sizeof(log) };
	struct sm_dma_heap_alloc data = { .len = 4000, .fd_flags = O_RDWR };
	struct sm_dmabuf_alloc a = { .info = buf_w(9, 4096), .nlog = 1 };
	const char line[] = "<4>cma: alloc failed\n";
	struct sm_client_buf out;
	struct msg m = { .n = 0 };
	int fd = -1;

	put(&m, &a, sizeof(a));
	put(&m, line, strlen(line));
	say(0, m.b, m.n, FD_SOCKET);
	EXPECT(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t),
	       0);
	CHECK(fd >= 0 && out.id == 9 && out.size == 4096 && t.lines == 1);
	CHECK_STR(log, line);
	CHECK_EQ_U64(((struct sm_dmabuf_alloc_req *)srv.req_p)->boot, BOOT);
	if (fd >= 0)
		close(fd);
	/* a failure carries its messages too */
	say(-ENOMEM, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t),
	       -ENOMEM);
	CHECK(t.lines == 1);
	say(0, m.b, m.n, FD_NONE);		/* a buffer, no fd */
	LIE(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t));
	((struct sm_dmabuf_alloc *)m.b)->nlog = 2;	/* counts a line more */
	say(0, m.b, m.n, FD_SOCKET);
	LIE(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t));
	say(-ENOMEM, m.b, m.n, FD_NONE);	/* on failure as well */
	LIE(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t));
	((struct sm_dmabuf_alloc *)m.b)->nlog = 1;
	say(0, m.b, sizeof(a) - 4, FD_SOCKET);	/* truncated */
	LIE(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t));
	((struct sm_dmabuf_alloc *)m.b)->info.size = 2048;	/* < asked */
	say(0, m.b, m.n, FD_SOCKET);
	LIE(sm_daemon_client_dmabuf_alloc(c, "system", BOOT, &data, &out, &fd, &t));
}

static void test_dmabuf_info(void)
{
	struct sm_dmabuf_buf_info b = buf_w(4, 8192);
	struct sm_client_buf out;

	say(0, &b, sizeof(b), FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_info(c, 4, BOOT, &out), 0);
	CHECK(out.size == 8192 && !strcmp(out.heap, "system"));
	EXPECT(sm_daemon_client_dmabuf_info(c, 5, BOOT, &out), -EPROTO); /* not 5 */
	say_more(0, &b, sizeof(b), 8, FD_NONE);
	LIE(sm_daemon_client_dmabuf_info(c, 4, BOOT, &out));
	say(0, &b, sizeof(b) - 8, FD_NONE);
	LIE(sm_daemon_client_dmabuf_info(c, 4, BOOT, &out));
	b.size = 0;
	say(0, &b, sizeof(b), FD_NONE);
	LIE(sm_daemon_client_dmabuf_info(c, 4, BOOT, &out));
}

static void test_dmabuf_ranges(void)
{
	struct sm_dmabuf_ranges l = { .total = 3, .count = 2 };
	struct sm_dmabuf_range r[2] = { { 0x80000000, 0, 4096 },
					{ 0x80004000, 16384, 8192 } };
	struct sm_dmabuf_range *rr = (void *)NULL;
	struct sm_client_range *out = NULL;
	struct msg m = { .n = 0 };
	uint64_t total = 0;
	size_t n = 0;

	put(&m, &l, sizeof(l));
	put(&m, r, sizeof(r));
	rr = (void *)(m.b + sizeof(l));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total),
	       0);
	CHECK(n == 2 && total == 3 && out && out[1].offset == 16384);
	free(out);
	((struct sm_dmabuf_ranges *)m.b)->count = 0x7fffffff;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total));
	((struct sm_dmabuf_ranges *)m.b)->count = 2;
	say(0, m.b, m.n - 24, FD_NONE);		/* one range short */
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total));
	/* two from the second of three: past the total */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 2, &out, &n, &total));
	/* none, with more to come: a caller would ask forever */
	((struct sm_dmabuf_ranges *)m.b)->count = 0;
	say(0, m.b, sizeof(l), FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 1, &out, &n, &total));
	((struct sm_dmabuf_ranges *)m.b)->count = 2;
	/* past the end of the physical memory fd: a mapping would fault */
	rr[1].offset = PHYS_SIZE - 4096;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total));
	rr[1].offset = 4096;
	rr[1].len = UINT64_MAX - 100;		/* offset + len wraps */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total));
	rr[1].len = 0;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_ranges(c, 4, BOOT, 0, &out, &n, &total));
}

static void test_dmabuf_set_name(void)
{
	char longname[SM_DMA_BUF_NAME_LEN + 1];

	say(0, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_set_name(c, 4, BOOT, "frame"), 0);
	CHECK_STR(((struct sm_dmabuf_set_name_req *)srv.req_p)->name, "frame");
	say(0, "xxxx", 4, FD_NONE);
	LIE(sm_daemon_client_dmabuf_set_name(c, 4, BOOT, "frame"));
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT(sm_daemon_client_dmabuf_set_name(c, 4, BOOT, longname), -EINVAL);
}

static void test_dmabuf_buffers(void)
{
	struct sm_dmabuf_buffers l = { .count = 2, .more = 1 };
	struct sm_dmabuf_buf_info b[2] = { buf_w(3, 4096), buf_w(8, 4096) };
	struct sm_dmabuf_buf_info *bb;
	struct sm_client_buf *out = NULL;
	struct msg m = { .n = 0 };
	bool more = false;
	size_t n = 0;

	put(&m, &l, sizeof(l));
	put(&m, b, sizeof(b));
	bb = (void *)(m.b + sizeof(l));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_dmabuf_buffers(c, 2, &out, &n, &more), 0);
	CHECK(n == 2 && more && out && out[1].id == 8);
	free(out);
	((struct sm_dmabuf_buffers *)m.b)->count = 0x7fffffff;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_buffers(c, 2, &out, &n, &more));
	((struct sm_dmabuf_buffers *)m.b)->count = 2;
	say(0, m.b, m.n + 1, FD_NONE);
	LIE(sm_daemon_client_dmabuf_buffers(c, 2, &out, &n, &more));
	say(0, m.b, m.n, FD_NONE);		/* ids below the one asked */
	LIE(sm_daemon_client_dmabuf_buffers(c, 4, &out, &n, &more));
	bb[1].id = 3;				/* not increasing */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_dmabuf_buffers(c, 2, &out, &n, &more));
	bb[1].id = 8;
	((struct sm_dmabuf_buffers *)m.b)->count = 0;	/* more of nothing */
	say(0, m.b, sizeof(l), FD_NONE);
	LIE(sm_daemon_client_dmabuf_buffers(c, 2, &out, &n, &more));
}

/* ---- zram -------------------------------------------------------------- */

static void test_zram_open(void)
{
	struct sm_zram_file f = zfile_w(SM_ZFILE_ATTR, "");
	struct sm_client_zfile out;
	int fd = -1;

	say(0, &f, sizeof(f), FD_SOCKET);
	EXPECT(sm_daemon_client_zram_open(c, f.path, O_RDONLY, true, &out, &fd),
	       0);
	CHECK(fd >= 0 && out.type == SM_ZFILE_ATTR);
	if (fd >= 0)
		close(fd);
	say(0, &f, sizeof(f), FD_NONE);		/* a file without a handle */
	LIE(sm_daemon_client_zram_open(c, f.path, O_RDONLY, true, &out, &fd));
	f = zfile_w(SM_ZFILE_DIR, "sys/block/zram0");
	say(0, &f, sizeof(f), FD_NONE);
	EXPECT(sm_daemon_client_zram_open(c, "/sys/block/zram0", O_RDONLY, true, &out,
					  &fd), 0);
	CHECK(fd == -1 && !strcmp(out.mirror, "sys/block/zram0"));
	say(0, &f, sizeof(f), FD_SOCKET);	/* a directory with one */
	LIE(sm_daemon_client_zram_open(c, "/sys/block/zram0", O_RDONLY, true, &out,
				       &fd));
	f = zfile_w(SM_ZFILE_DIR, "/etc");	/* outside the state dir */
	say(0, &f, sizeof(f), FD_NONE);
	LIE(sm_daemon_client_zram_open(c, "/sys/block/zram0", O_RDONLY, true, &out,
				       &fd));
	f = zfile_w(SM_ZFILE_DIR, "..");
	say(0, &f, sizeof(f), FD_NONE);
	LIE(sm_daemon_client_zram_open(c, "/sys/block/zram0", O_RDONLY, true, &out,
				       &fd));
	f = zfile_w(9, "");
	say(0, &f, sizeof(f), FD_SOCKET);
	LIE(sm_daemon_client_zram_open(c, f.path, O_RDONLY, true, &out, &fd));
	f = zfile_w(SM_ZFILE_BDEV, "");
	f.dev = -1;
	say(0, &f, sizeof(f), FD_SOCKET);
	LIE(sm_daemon_client_zram_open(c, f.path, O_RDONLY, true, &out, &fd));
	f = zfile_w(SM_ZFILE_ATTR, "");
	memset(f.path, 'p', sizeof(f.path));
	say(0, &f, sizeof(f), FD_SOCKET);
	LIE(sm_daemon_client_zram_open(c, "/x", O_RDONLY, true, &out, &fd));
	f = zfile_w(SM_ZFILE_ATTR, "");
	say(0, &f, sizeof(f) - 1, FD_SOCKET);
	LIE(sm_daemon_client_zram_open(c, f.path, O_RDONLY, true, &out, &fd));
}

static void test_zram_stat(void)
{
	struct sm_zram_stat s = { .mode = 040755, .nlink = 2, .ino = 11 };
	struct sm_client_zstat out;

	snprintf(s.mirror, sizeof(s.mirror), "sys/block/zram0");
	say(0, &s, sizeof(s), FD_NONE);
	EXPECT(sm_daemon_client_zram_stat(c, "/sys/block/zram0", &out), 0);
	CHECK(out.ino == 11 && !strcmp(out.mirror, "sys/block/zram0"));
	snprintf(s.mirror, sizeof(s.mirror), "sys/../../home");
	say(0, &s, sizeof(s), FD_NONE);
	LIE(sm_daemon_client_zram_stat(c, "/sys/block/zram0", &out));
	s.mirror[0] = '\0';			/* a directory with no mirror */
	say(0, &s, sizeof(s), FD_NONE);
	LIE(sm_daemon_client_zram_stat(c, "/sys/block/zram0", &out));
	snprintf(s.mirror, sizeof(s.mirror), "sys/block/zram0");
	say(0, &s, sizeof(s) - 4, FD_NONE);
	LIE(sm_daemon_client_zram_stat(c, "/sys/block/zram0", &out));
}

static void test_zram_read_write(void)
{
	static const char bytes[32] = "0123456789abcdefghijklmnopqrstu";
	struct sm_zram_count n = { .count = 5 };
	char buf[32];
	size_t got = 0;

	say(0, bytes, 10, FD_NONE);
	EXPECT(sm_daemon_client_zram_read(c, "/dev/zram0", O_RDONLY, 0, buf, 16,
					  &got), 0);
	CHECK(got == 10 && !memcmp(buf, bytes, 10));
	say(0, bytes, 17, FD_NONE);		/* more than asked */
	LIE(sm_daemon_client_zram_read(c, "/dev/zram0", O_RDONLY, 0, buf, 16, &got));

	say(0, &n, sizeof(n), FD_NONE);
	EXPECT(sm_daemon_client_zram_write(c, "/dev/zram0", O_RDWR, 8, "hello", 5,
					   &got), 0);
	CHECK(got == 5 && !memcmp(srv.req_p + sizeof(struct sm_zram_io_req),
				  "hello", 5));
	n.count = 6;				/* took more than given */
	say(0, &n, sizeof(n), FD_NONE);
	LIE(sm_daemon_client_zram_write(c, "/dev/zram0", O_RDWR, 8, "hello", 5,
					&got));
	say(0, &n, 4, FD_NONE);
	LIE(sm_daemon_client_zram_write(c, "/dev/zram0", O_RDWR, 8, "hello", 5,
					&got));
}

static void test_zram_bdev(void)
{
	struct sm_zram_bdev b = { 1 << 20, 4096, 4096, 4096, 4096 };
	struct sm_client_zbdev out;

	say(0, &b, sizeof(b), FD_NONE);
	EXPECT(sm_daemon_client_zram_bdev(c, "/dev/zram0", &out), 0);
	CHECK(out.size == 1 << 20 && out.logical == 4096);
	b.logical = 0;				/* callers divide by it */
	say(0, &b, sizeof(b), FD_NONE);
	LIE(sm_daemon_client_zram_bdev(c, "/dev/zram0", &out));
	b.logical = 1000;
	say(0, &b, sizeof(b), FD_NONE);
	LIE(sm_daemon_client_zram_bdev(c, "/dev/zram0", &out));
	b.logical = 4096;
	b.physical = 512;
	say(0, &b, sizeof(b), FD_NONE);
	LIE(sm_daemon_client_zram_bdev(c, "/dev/zram0", &out));
	b.physical = 4096;
	say_more(0, &b, sizeof(b), 4, FD_NONE);
	LIE(sm_daemon_client_zram_bdev(c, "/dev/zram0", &out));
}

/* the requests whose replies are empty */
static void test_zram_empty(void)
{
	say(0, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_zram_discard(c, "/dev/zram0", 0, 4096), 0);
	EXPECT(sm_daemon_client_zram_swapon(c, "/dev/zram0", 0), 0);
	EXPECT(sm_daemon_client_zram_swapoff(c, "/dev/zram0"), 0);
	EXPECT(sm_daemon_client_zram_module(c, "zram", "num_devices=2", true, 0), 0);
	CHECK_STR(((struct sm_zram_module_req *)srv.req_p)->params,
		  "num_devices=2");
	say(0, "junk", 4, FD_NONE);
	LIE(sm_daemon_client_zram_discard(c, "/dev/zram0", 0, 4096));
	LIE(sm_daemon_client_zram_swapon(c, "/dev/zram0", 0));
	LIE(sm_daemon_client_zram_swapoff(c, "/dev/zram0"));
	LIE(sm_daemon_client_zram_module(c, "zram", "", true, 0));
	say(-EBUSY, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_zram_swapoff(c, "/dev/zram0"), -EBUSY);
}

static void test_zram_devices(void)
{
	struct sm_zram_devices l = { .count = 2, .loaded = 1 };
	struct sm_zram_dev_info d[2] = { { .id = 0, .disksize = 1 << 20,
					   .algorithm = "lz4" },
					 { .id = 3, .algorithm = "zstd" } };
	struct sm_zram_dev_info *dd;
	struct sm_client_zdev *out = NULL;
	struct msg m = { .n = 0 };
	bool loaded = false;
	size_t n = 0;

	put(&m, &l, sizeof(l));
	put(&m, d, sizeof(d));
	dd = (void *)(m.b + sizeof(l));
	say(0, m.b, m.n, FD_NONE);
	EXPECT(sm_daemon_client_zram_devices(c, &out, &n, &loaded), 0);
	CHECK(n == 2 && loaded && out && out[1].id == 3 &&
	      !strcmp(out[1].algorithm, "zstd"));
	free(out);
	((struct sm_zram_devices *)m.b)->count = 0x7fffffff;
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_zram_devices(c, &out, &n, &loaded));
	((struct sm_zram_devices *)m.b)->count = 2;
	say(0, m.b, m.n - 8, FD_NONE);
	LIE(sm_daemon_client_zram_devices(c, &out, &n, &loaded));
	dd[1].id = -4;		/* "zram-4" */
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_zram_devices(c, &out, &n, &loaded));
	dd[1].id = 3;
	memset(dd[0].streams, 's', sizeof(dd[0].streams));
	say(0, m.b, m.n, FD_NONE);
	LIE(sm_daemon_client_zram_devices(c, &out, &n, &loaded));
}

static void test_zram_attr(void)
{
	struct sm_zram_count n = { .count = 3 };
	char buf[8];
	size_t took = 0;

	say(0, "1048576\n", 8, FD_NONE);
	EXPECT(sm_daemon_client_zram_attr_read(c, 0, "disksize", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "1048576");	/* cut to fit, terminated */
	CHECK(!((struct sm_zram_attr_req *)srv.req_p)->write);
	say(0, "12\0" "34\n", 6, FD_NONE);	/* a NUL inside the text */
	LIE(sm_daemon_client_zram_attr_read(c, 0, "disksize", buf, sizeof(buf)));
	say(0, &n, sizeof(n), FD_NONE);
	EXPECT(sm_daemon_client_zram_attr_write(c, -1, "hot_remove", "123", &took), 0);
	CHECK(took == 3);
	CHECK_STR(((struct sm_zram_attr_req *)srv.req_p)->value, "123");
	n.count = 4;			/* more than the value */
	say(0, &n, sizeof(n), FD_NONE);
	LIE(sm_daemon_client_zram_attr_write(c, -1, "hot_remove", "123", &took));
	say(0, &n, 2, FD_NONE);
	LIE(sm_daemon_client_zram_attr_write(c, -1, "hot_remove", "123", &took));
}

static void test_zram_state(void)
{
	struct sm_zram_state s = { .release = "6.12.0-socmem",
				   .mem_total = 1 << 30, .loaded = 1 };
	struct sm_client_zstate out;

	say(0, &s, sizeof(s), FD_NONE);
	EXPECT(sm_daemon_client_zram_state(c, &out), 0);
	CHECK(out.loaded && out.mem_total == 1 << 30 &&
	      !strcmp(out.release, "6.12.0-socmem"));
	/* a release names a directory under the state directory */
	snprintf(s.release, sizeof(s.release), "../../../../etc");
	say(0, &s, sizeof(s), FD_NONE);
	LIE(sm_daemon_client_zram_state(c, &out));
	snprintf(s.release, sizeof(s.release), "..");
	say(0, &s, sizeof(s), FD_NONE);
	LIE(sm_daemon_client_zram_state(c, &out));
	memset(s.release, 'r', sizeof(s.release));
	say(0, &s, sizeof(s), FD_NONE);
	LIE(sm_daemon_client_zram_state(c, &out));
	snprintf(s.release, sizeof(s.release), "6.12");
	say(0, &s, sizeof(s) - 8, FD_NONE);
	LIE(sm_daemon_client_zram_state(c, &out));
}

static void test_zram_shm(void)
{
	struct sm_zram_count n = { .count = 4096 };
	size_t got = 0;
	int fd = -1;

	say(0, "", 0, FD_MEMFD);
	EXPECT(sm_daemon_client_zram_shm(c, &fd), 0);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	/* shorter than the caller maps: its accesses past the end fault */
	say(0, "", 0, FD_SMALL_MEMFD);
	LIE(sm_daemon_client_zram_shm(c, &fd));
	say(0, "", 0, FD_SOCKET);
	LIE(sm_daemon_client_zram_shm(c, &fd));
	say(0, "", 0, FD_NONE);
	LIE(sm_daemon_client_zram_shm(c, &fd));
	say(-EOPNOTSUPP, "", 0, FD_NONE);
	EXPECT(sm_daemon_client_zram_shm(c, &fd), -EOPNOTSUPP);

	say(0, &n, sizeof(n), FD_NONE);
	EXPECT(sm_daemon_client_zram_shm_read(c, "/dev/zram0", O_RDONLY, 0, 4096,
					      &got), 0);
	CHECK(got == 4096);
	EXPECT(sm_daemon_client_zram_shm_write(c, "/dev/zram0", O_RDWR, 0, 8192,
					       &got), 0);
	/* more than asked: the caller copies that much out of the buffer */
	LIE(sm_daemon_client_zram_shm_read(c, "/dev/zram0", O_RDONLY, 0, 100, &got));
	LIE(sm_daemon_client_zram_shm_write(c, "/dev/zram0", O_RDWR, 0, 100, &got));
	say(0, &n, 4, FD_NONE);
	LIE(sm_daemon_client_zram_shm_read(c, "/dev/zram0", O_RDONLY, 0, 4096, &got));
}

int main(void)
{
	pid_t pid = -1;

	/* a hang is a failure: no call waits long for this server */
	setenv("SOCMEM_TIMEOUT", "10", 1);
	signal(SIGPIPE, SIG_IGN);
	if (start_server(&pid)) {
		perror("client_reply_test: server");
		return TEST_SKIP;
	}
	RUN(test_hello);
	RUN(test_header);
	RUN(test_core_lookup);
	RUN(test_core_log);
	RUN(test_dmabuf_heaps);
	RUN(test_dmabuf_open);
	RUN(test_dmabuf_alloc);
	RUN(test_dmabuf_info);
	RUN(test_dmabuf_ranges);
	RUN(test_dmabuf_set_name);
	RUN(test_dmabuf_buffers);
	RUN(test_zram_open);
	RUN(test_zram_stat);
	RUN(test_zram_read_write);
	RUN(test_zram_bdev);
	RUN(test_zram_empty);
	RUN(test_zram_devices);
	RUN(test_zram_attr);
	RUN(test_zram_state);
	RUN(test_zram_shm);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	{
		char p[300];

		snprintf(p, sizeof(p), "%s/socket", state_dir);
		unlink(p);
		rmdir(state_dir);
	}
	return test_done();
}
