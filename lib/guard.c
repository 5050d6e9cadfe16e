/* guard.c — reserved memory regions and the fault handler that turns an access to their guard pages into a trap. */
#include "guard.h"

#if LW_GUARD_PAGES

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

uint8_t *lw_guard_reserve(void)
{
    void *p = mmap(NULL, (size_t)LW_GUARD_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool lw_guard_commit(uint8_t *base, uint64_t from, uint64_t to)
{
    if (to <= from)
        return true;
    /* mprotect works on whole pages; wasm pages are multiples of them. */
    return mprotect(base + from, (size_t)(to - from), PROT_READ | PROT_WRITE) == 0;
}

void lw_guard_release(uint8_t *base)
{
    if (base)
        munmap(base, (size_t)LW_GUARD_RESERVE);
}

/* ---- the fault handler ------------------------------------------------------ */

/* The process-wide installation, written under lw_guard_lock: the handlers
 * that were there before ours (called for faults that are not ours). */
static pthread_mutex_t lw_guard_lock = PTHREAD_MUTEX_INITIALIZER;
static bool lw_guard_bus_installed;
static struct sigaction lw_guard_prev_segv, lw_guard_prev_bus;

/* This thread's innermost activation, and whether it is passing a fault on
 * (a handler we chain to may chain back to us: the second time round, the
 * default action ends it). */
static _Thread_local lw_activation *lw_guard_innermost;
static _Thread_local int lw_guard_passing;

static bool in_guard_region(const lwasm_store *s, const uint8_t *addr)
{
    for (size_t i = 0; i < s->memories.count; i++) {
        const lwasm_memory *m = s->memories.items[i];
        if (m->guarded && addr >= m->data + m->size && addr < m->data + LW_GUARD_RESERVE)
            return true;
    }
    return false;
}

static void lw_guard_signal(int sig, siginfo_t *info, void *uctx)
{
    lw_activation *a = lw_guard_innermost;
    if (a && a->in_wasm && in_guard_region(a->store, info->si_addr)) {
        lw_guard_state st;
        st.ip = a->published->ip;
        st.nrec = a->published->nrec;
        a->fault = st;
        siglongjmp(a->env, 1);
    }
    /* Not a wasm access: whatever was there before us. */
    const struct sigaction *prev = sig == SIGBUS ? &lw_guard_prev_bus : &lw_guard_prev_segv;
    if (!lw_guard_passing && (prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
        lw_guard_passing = 1;
        prev->sa_sigaction(sig, info, uctx);
        lw_guard_passing = 0;
        return;
    }
    if (!lw_guard_passing && !(prev->sa_flags & SA_SIGINFO) && prev->sa_handler != SIG_DFL &&
        prev->sa_handler != SIG_IGN) {
        lw_guard_passing = 1;
        prev->sa_handler(sig);
        lw_guard_passing = 0;
        return;
    }
    /* The default action: restored, the faulting access repeats and ends the process. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
}

static bool is_ours(const struct sigaction *sa)
{
    return (sa->sa_flags & SA_SIGINFO) && sa->sa_sigaction == lw_guard_signal;
}

/* Our handler is (re)installed before every activation unless it is there
 * already: a program or test framework that installed its own since then
 * gets it called for every fault that is not a wasm access. */
static bool lw_guard_install(void)
{
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) != 0)
        return false;
    if (is_ours(&cur))
        return true;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = lw_guard_signal;
    /* NODEFER: the jump back leaves the handler without restoring the
     * signal mask, so the signal must not be blocked while it runs. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    pthread_mutex_lock(&lw_guard_lock);
    bool ok = sigaction(SIGSEGV, &sa, &cur) == 0;
    if (ok && !is_ours(&cur))
        lw_guard_prev_segv = cur;
    if (ok && !lw_guard_bus_installed)
        lw_guard_bus_installed = sigaction(SIGBUS, &sa, &lw_guard_prev_bus) == 0;
    pthread_mutex_unlock(&lw_guard_lock);
    return ok;
}

bool lw_guard_enter(lw_activation *a, const lwasm_store *s)
{
    if (!lw_guard_install())
        return false;
    a->store = s;
    a->in_wasm = 1;
    a->outer = lw_guard_innermost;
    lw_guard_innermost = a;
    return true;
}

void lw_guard_leave(lw_activation *a) { lw_guard_innermost = a->outer; }

#endif
