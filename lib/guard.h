/* guard.h — linear memory in reserved address space whose guard region turns out-of-bounds accesses into traps. */
#ifndef LW_GUARD_H
#define LW_GUARD_H

/*
 * With LW_GUARD_PAGES (the meson option bounds_checks, guard by default on
 * 64-bit hosts without sanitizers), a memory of an engine that does not ask
 * for explicit checks is carved out of a reservation covering every address
 * wasm code can form: an i32 base plus a u32 offset, plus the widest scalar
 * access. Only [0, size) is readable and writable; the rest faults. Loads
 * and stores then skip their bounds test, and the process-wide SIGSEGV /
 * SIGBUS handler installed here (before an activation, when it is not in
 * place already) turns a fault inside such a reservation, while this
 * thread runs wasm code, into a jump back to the interpreter's activation,
 * which reports LWASM_TRAP_MEMORY_OOB. Any other fault goes to the handler
 * that was installed before ours, or kills the process as it would have.
 * The only state outside the stores is that installation and each thread's
 * chain of activations (_Thread_local).
 */

#include "runtime.h"

#include <setjmp.h>
#include <signal.h>

#if LW_GUARD_PAGES

/* 2^32 - 1 + 2^32 - 1, the largest effective address, plus a page for the
 * access width: all of it PROT_NONE until committed. */
#define LW_GUARD_RESERVE (((uint64_t)8 << 30) + 65536)

/* Reserves a region (NULL when the address space is refused). */
uint8_t *lw_guard_reserve(void);
/* Makes bytes [from, to) of a region readable and writable (they read as
 * zero the first time). */
bool lw_guard_commit(uint8_t *base, uint64_t from, uint64_t to);
void lw_guard_release(uint8_t *base);

/* What the interpreter publishes so that a fault can be reported like any
 * trap: the memory access being executed (the function is found from it),
 * and how many frame records are live, for the backtrace. */
typedef struct lw_guard_state {
    const void *ip; /* const lw_word *: the access's instruction */
    size_t nrec;    /* frame records live (interp.c) */
} lw_guard_state;

/* One activation of the interpreter on this thread, innermost first. */
typedef struct lw_activation {
    sigjmp_buf env;                        /* where a fault in its wasm code returns (with 1) */
    struct lw_activation *outer;
    const lwasm_store *store;              /* whose memories' regions it may fault in */
    volatile sig_atomic_t in_wasm;         /* 0 while it calls a host function */
    volatile lw_guard_state *published;    /* the interpreter's live state */
    lw_guard_state fault;                  /* a copy of it, taken when the fault came */
} lw_activation;

/* Installs the handler (once per process) and makes a the innermost
 * activation of this thread; false when the handler cannot be installed. */
bool lw_guard_enter(lw_activation *a, const lwasm_store *s);
/* Makes a's outer activation the innermost again. */
void lw_guard_leave(lw_activation *a);

#endif

#endif
