/* interp.c — the interpreter: runs translated code by direct threading (or a switch), with calls, host calls and traps. */
#include "compiled.h"
#include "guard.h"
#include "interp_ops.h"
#include "limits.h"
#ifdef LW_OP_PROFILE
#include "op_profile.h"
#endif

#include <stdlib.h>
#include <string.h>

#if defined(LW_DISPATCH_SWITCH) && LW_DISPATCH_SWITCH
#define LW_USE_SWITCH 1
#else
#define LW_USE_SWITCH 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LW_LIKELY(x) __builtin_expect(!!(x), 1)
#define LW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LW_LIKELY(x) (x)
#define LW_UNLIKELY(x) (x)
#endif

/* Host callbacks that call back into wasm nest C activations of lw_run; this
 * bounds the C stack they use, whatever the wasm frame limits allow. Under
 * AddressSanitizer lw_run's frame is some 40 KB (every handler's locals get
 * their own redzoned slot) instead of about 300 bytes: 200 of them would
 * overflow an 8 MB stack, so the bound is lower there. */
#if defined(__SANITIZE_ADDRESS__)
#define LW_ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LW_ASAN_BUILD 1
#endif
#endif
#ifdef LW_ASAN_BUILD
enum { LW_MAX_HOST_NESTING = 50 };
#else
enum { LW_MAX_HOST_NESTING = 200 };
#endif

/* One record per live call, in store->frames. A record with code == NULL
 * marks the start of an activation (a host -> wasm entry): its ret_ip points
 * at that activation's EXIT instruction. */
typedef struct lw_frame_rec {
    const lw_word *ret_ip; /* where the caller resumes */
    lw_value *fp;          /* the caller's frame */
    const lw_compiled *code;
    lwasm_instance *inst;
    const lwasm_memory *mem0;
} lw_frame_rec;

/* Stands in for memory 0 of an instance without memories, so reloading the
 * memory base never needs a test (validation keeps accesses away from it). */
static const lwasm_memory lw_no_memory;

static inline const lwasm_memory *lw_mem0(const lwasm_instance *inst)
{
    return inst->module->nmemories ? inst->memories[0] : &lw_no_memory;
}

bool lw_functype_equal(const lw_functype *a, const lw_functype *b)
{
    if (a == b)
        return true;
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           (a->nparams == 0 || memcmp(a->params, b->params, a->nparams) == 0) &&
           (a->nresults == 0 || memcmp(a->results, b->results, a->nresults) == 0);
}

/* ---- stacks ---------------------------------------------------------------- */

enum { LW_FRAMES_OK, LW_FRAMES_LIMIT, LW_FRAMES_NOMEM };

/* Doubles the frame-record array up to the engine's call-depth limit. */
static int lw_frames_grow(lwasm_store *s)
{
    size_t limit = s->engine->config.max_call_depth;
    if (s->frames_cap >= limit)
        return LW_FRAMES_LIMIT;
    size_t cap = s->frames_cap ? s->frames_cap * 2 : 64;
    if (cap > limit)
        cap = limit;
    if (cap > SIZE_MAX / sizeof(lw_frame_rec))
        return LW_FRAMES_NOMEM;
    void *p = realloc(s->frames, cap * sizeof(lw_frame_rec));
    if (!p)
        return LW_FRAMES_NOMEM;
    s->frames = p;
    s->frames_cap = cap;
    return LW_FRAMES_OK;
}

static lwasm_error *lw_stacks_init(lwasm_store *s)
{
    if (s->stack)
        return NULL;
    size_t n = s->engine->config.max_stack_slots;
    if (n == 0 || s->engine->config.max_call_depth == 0)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "engine limits are not configured");
    if (n > SIZE_MAX / sizeof *s->stack)
        return lw_error_nomem();
    s->stack = malloc(n * sizeof *s->stack);
    if (!s->stack)
        return lw_error_nomem();
    s->stack_slots = n;
    return NULL;
}

/* First free slot above every live frame: a nested activation starts here. */
static lw_value *lw_stack_top(const lwasm_store *s)
{
    if (s->call_depth == 0)
        return s->stack;
    const lw_frame_rec *r = (const lw_frame_rec *)s->frames + s->call_depth - 1;
    return r->code ? r->fp + r->code->frame_slots : r->fp;
}

/* ---- errors ---------------------------------------------------------------- */

/* Fills the backtrace (innermost first, across nested activations) unless the
 * error already has one, e.g. a trap that came back through a host function.
 * The innermost frame stands at code position pos; the others at their calls. */
static void lw_attach_backtrace(lwasm_error *e, const lw_compiled *code, size_t pos, lwasm_instance *inst,
                                const lw_frame_rec *recs, size_t nrec)
{
    if (e->is_static || e->nframes)
        return;
    size_t n = 1;
    for (size_t i = 0; i < nrec; i++)
        n += recs[i].code != NULL;
    e->frames = malloc(n * sizeof *e->frames);
    if (!e->frames)
        return;
    size_t k = 0;
    e->frames[k].func_index = code->func_index;
    e->frames[k++].offset = lw_compiled_offset(code, pos);
    for (size_t i = nrec; i-- > 0;) {
        const lw_compiled *c = recs[i].code;
        if (!c)
            continue;
        e->frames[k].func_index = c->func_index;
        e->frames[k++].offset = lw_compiled_offset_before(c, (size_t)(recs[i].ret_ip - c->code));
    }
    e->nframes = k;
    if (!e->module && inst)
        e->module = lwasm_module_ref(inst->module);
}

/* A host function's error: exits pass through; anything else is a trap. */
static lwasm_error *lw_host_error(lwasm_error *e)
{
    if (e->is_static || e->kind == LWASM_ERR_EXIT)
        return e;
    if (e->kind != LWASM_ERR_TRAP) {
        e->kind = LWASM_ERR_TRAP;
        e->trap = LWASM_TRAP_HOST;
    } else if (e->trap == LWASM_TRAP_NONE) {
        e->trap = LWASM_TRAP_HOST;
    }
    return e;
}

/* ---- host calls ------------------------------------------------------------ */

/* Calls a host function on arguments in `slots`, writing its results there. */
static lwasm_error *lw_host_call(lwasm_store *s, lwasm_func *f, lw_value *slots, lwasm_instance *caller_inst)
{
    const lw_functype *t = f->type;
    size_t n = (size_t)t->nparams + t->nresults;
    lwasm_val small[16];
    lwasm_val *args = small;
    if (n > sizeof small / sizeof small[0]) {
        args = calloc(n, sizeof *args);
        if (!args)
            return lw_error_nomem();
    }
    lwasm_val *results = args + t->nparams;
    size_t at = 0;
    for (uint32_t i = 0; i < t->nparams; i++) {
        lw_val_from_slots(t->params[i], slots + at, &args[i]);
        at += lw_slots_of(t->params[i]);
    }
    /* Results start typed and zero, so a callback may just fill `of`. */
    for (uint32_t i = 0; i < t->nresults; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].kind = t->results[i];
    }
    lwasm_caller caller = {s, caller_inst};
    lwasm_error *err = f->callback(f->env, &caller, args, t->nparams, results, t->nresults);
    if (!err) {
        at = 0;
        for (uint32_t i = 0; i < t->nresults && !err; i++) {
            if (results[i].kind != t->results[i]) {
                err = lwasm_error_new_trap("host function returned a result of the wrong type");
                break;
            }
            lw_val_to_slots(&results[i], slots + at);
            at += lw_slots_of(t->results[i]);
        }
    }
    if (args != small)
        free(args);
    return err ? lw_host_error(err) : NULL;
}

/* ---- the interpreter loop ---------------------------------------------------- */

/* Wasm opcodes whose handlers are written by hand below. */
#define LW_FOR_EACH_HAND_OP(X)                                                                                \
    X(UNREACHABLE) X(BR) X(BR_IF) X(BR_TABLE) X(RETURN) X(CALL) X(CALL_INDIRECT) X(SELECT) X(GLOBAL_GET)       \
    X(GLOBAL_SET) X(TABLE_GET) X(TABLE_SET) X(MEMORY_SIZE) X(MEMORY_GROW) X(REF_IS_NULL) X(REF_FUNC)           \
    X(MEMORY_INIT) X(DATA_DROP) X(MEMORY_COPY) X(MEMORY_FILL) X(TABLE_INIT) X(ELEM_DROP) X(TABLE_COPY)         \
    X(TABLE_GROW) X(TABLE_SIZE) X(TABLE_FILL)

#if LW_USE_SWITCH
#define OP(name) case LW_OP_##name
#define IOP(name) case LW_I_##name
#define DISPATCH() goto dispatch
#else
#define OP(name) L_OP_##name
#define IOP(name) L_I_##name
#define DISPATCH() goto *ip->h
#endif

#define NEXT(n)                                                                                               \
    do {                                                                                                      \
        ip += (n);                                                                                            \
        DISPATCH();                                                                                           \
    } while (0)
/* Immediates of the current instruction: halves of word k, and the slots they
 * name. Each half is loaded on its own: splitting one 64-bit load costs three
 * more host instructions per handler (copy, zero-extend, shift). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
enum { LW_LO_HALF = 1 };
#else
enum { LW_LO_HALF = 0 };
#endif
static inline uint32_t lw_half(const lw_word *w, unsigned half)
{
    uint32_t v;
    memcpy(&v, (const unsigned char *)w + 4 * (half ^ LW_LO_HALF), sizeof v);
    return v;
}
#define LO(k) lw_half(&ip[k], 0)
#define HI(k) lw_half(&ip[k], 1)
#define SLO(k) (fp[LO(k)])
#define SHI(k) (fp[HI(k)])
/* Takes the branch whose offset is in word k. */
#define JUMP(k)                                                                                               \
    do {                                                                                                      \
        ip += (k) + lw_word_off(ip[k]);                                                                       \
        DISPATCH();                                                                                           \
    } while (0)
#define TRAP(kind)                                                                                            \
    do {                                                                                                      \
        trapk = (kind);                                                                                       \
        goto trap;                                                                                            \
    } while (0)
/* Memory 0 may move or grow across calls and memory.grow. With guard pages
 * only the explicit tests of bulk and vector accesses read its size: from
 * the memory, not from a register of its own. */
#if LW_GUARD_PAGES
#define memsize (mem0->size)
#define RELOAD_MEMORY() (mem = mem0->data)
#else
#define RELOAD_MEMORY()                                                                                       \
    do {                                                                                                      \
        mem = mem0->data;                                                                                     \
        memsize = mem0->size;                                                                                 \
    } while (0)
#endif
/* Traps unless the n bytes at effective address ea lie in memory 0, and
 * reports the trap at the instruction's word `word`: 0, or for a second
 * access of one instruction, where the source map has an entry of its own. */
#define LW_CHECK_ACCESS_EXPLICIT_AT(ea, n, word)                                                              \
    do {                                                                                                      \
        if (LW_UNLIKELY((ea) + (n) > memsize)) {                                                              \
            ip += (word);                                                                                     \
            TRAP(LWASM_TRAP_MEMORY_OOB);                                                                      \
        }                                                                                                     \
    } while (0)
#define LW_CHECK_ACCESS_EXPLICIT(ea, n) LW_CHECK_ACCESS_EXPLICIT_AT(ea, n, 0)
#if LW_GUARD_PAGES
/* Guard pages (guard.h) stand in for the test: the access only tells the
 * fault handler where it is, before it happens. The frame it is in is
 * published at every call and return. */
#define LW_CHECK_ACCESS_AT(ea, n, word)                                                                       \
    do {                                                                                                      \
        (void)(ea);                                                                                           \
        pub.ip = ip + (word);                                                                                 \
        __asm__ __volatile__("" ::: "memory");                                                                \
    } while (0)
#define PUBLISH_FRAME() (pub.nrec = nrec)
#define HOST_CALL_BEGIN() (act->in_wasm = 0)
#define HOST_CALL_END() (act->in_wasm = 1)
#else
#define LW_CHECK_ACCESS_AT(ea, n, word) LW_CHECK_ACCESS_EXPLICIT_AT(ea, n, word)
#define PUBLISH_FRAME() ((void)0)
#define HOST_CALL_BEGIN() ((void)0)
#define HOST_CALL_END() ((void)0)
#endif
#define LW_CHECK_ACCESS(ea, n) LW_CHECK_ACCESS_AT(ea, n, 0)
/* Zeroes a callee's declared locals: a few inline, many by memset. */
#define ZERO_LOCALS(p, n)                                                                                     \
    do {                                                                                                      \
        lw_value *z_ = (p);                                                                                   \
        uint32_t n_ = (n);                                                                                    \
        if (n_ <= 4) {                                                                                        \
            for (uint32_t i_ = 0; i_ < n_; i_++)                                                              \
                z_[i_].i64 = 0;                                                                               \
        } else {                                                                                              \
            memset(z_, 0, n_ * sizeof *z_);                                                                   \
        }                                                                                                     \
    } while (0)
/* A callee of module m whose code is not made yet: translated now. */
#define TRANSLATE_FIRST(m, c)                                                                                 \
    do {                                                                                                      \
        if (LW_UNLIKELY(!(c)->code)) {                                                                        \
            lwasm_error *e_ = lw_translate_lazy((m), (lw_compiled *)(c));                                     \
            if (e_) {                                                                                         \
                err = e_;                                                                                     \
                goto unwind;                                                                                  \
            }                                                                                                 \
        }                                                                                                     \
    } while (0)
/* Makes room for one more frame record, or traps. */
#define RESERVE_FRAME()                                                                                       \
    do {                                                                                                      \
        if (LW_UNLIKELY(nrec >= rec_cap)) {                                                                   \
            s->call_depth = (uint32_t)nrec;                                                                   \
            int g_ = lw_frames_grow(s);                                                                       \
            if (g_ == LW_FRAMES_LIMIT)                                                                        \
                TRAP(LWASM_TRAP_STACK_EXHAUSTED);                                                             \
            if (g_ == LW_FRAMES_NOMEM) {                                                                      \
                err = lw_error_nomem();                                                                       \
                goto unwind;                                                                                  \
            }                                                                                                 \
            recs = s->frames;                                                                                 \
            rec_cap = s->frames_cap;                                                                          \
        }                                                                                                     \
    } while (0)

/* Handler templates for the generic opcodes (see interp_ops.h). */
#define LW_H_UNARY(id, p1, r)                                                                                 \
    OP(id) : {                                                                                                \
        lwasm_trapkind tk_ = LWASM_TRAP_NONE;                                                                 \
        LW_CTYPE_##r v_ = LW_SEM_##id(SHI(1).LW_FIELD_##p1, &tk_);                                            \
        if (LW_UNLIKELY(tk_ != LWASM_TRAP_NONE))                                                              \
            TRAP(tk_);                                                                                        \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(2);                                                                                              \
    }
#define LW_H_BINARY(id, p1, p2, r)                                                                            \
    OP(id) : {                                                                                                \
        lwasm_trapkind tk_ = LWASM_TRAP_NONE;                                                                 \
        LW_CTYPE_##r v_ = LW_SEM_##id(SHI(1).LW_FIELD_##p1, SLO(2).LW_FIELD_##p2, &tk_);                      \
        if (LW_UNLIKELY(tk_ != LWASM_TRAP_NONE))                                                              \
            TRAP(tk_);                                                                                        \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }
/* Effective address = zero-extended i32 + offset, both < 2^32: no overflow. */
#define LW_H_LOAD(id, align, r)                                                                               \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SHI(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_CTYPE_##r v_ = LW_LD_##id(mem + ea_);                                                              \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_); /* interp_fused.h */                                                              \
        NEXT(3);                                                                                              \
    }
#define LW_H_STORE(id, align, p2)                                                                             \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_ST_##id(mem + ea_, SHI(1).LW_FIELD_##p2);                                                          \
        NEXT(3);                                                                                              \
    }
#define LW_X_HANDLER(id, text, prefix, code, imm, align, p1, p2, p3, r)                                       \
    LW_GEN_OPCODE(LW_H, id, text, prefix, code, imm, align, p1, p2, p3, r)

/* Label-table templates: the same selection, listing the labels. */
#define LW_L_UNARY(id, p1, r) [LW_OP_##id] = &&L_OP_##id,
#define LW_L_BINARY(id, p1, p2, r) [LW_OP_##id] = &&L_OP_##id,
#define LW_L_LOAD(id, align, r) [LW_OP_##id] = &&L_OP_##id,
#define LW_L_STORE(id, align, p2) [LW_OP_##id] = &&L_OP_##id,
#define LW_X_LABEL(id, text, prefix, code, imm, align, p1, p2, p3, r)                                         \
    LW_GEN_OPCODE(LW_L, id, text, prefix, code, imm, align, p1, p2, p3, r)
#define LW_X_HAND_LABEL(name) [LW_OP_##name] = &&L_OP_##name,
#define LW_X_EXTRA_LABEL(name) [LW_I_##name] = &&L_I_##name,

#include "interp_fused.h"

/*
 * Runs `entry` (its frame at fp, arguments in place, locals zeroed) until it
 * returns. With handlers_out set (and nothing else), only reports the
 * threaded handler table. The hot state lives in locals: ip, fp, the memory
 * 0 base and size; the frame records stay in store->frames so that a host
 * callback re-entering wasm nests its activation above this one.
 */
/* Page-aligned, so that its handlers keep their addresses modulo 4 KiB
 * however the code around it changes: the branch predictors index by those
 * address bits, and a shift of the whole function alone moved single
 * benchmarks by 10-20% between otherwise identical builds. */
#if defined(__GNUC__) && !defined(__clang__)
#define LW_RUN_ALIGN __attribute__((aligned(4096)))
#else
#define LW_RUN_ALIGN
#endif
#if LW_GUARD_PAGES
LW_RUN_ALIGN
static lwasm_error *lw_run(lwasm_store *s, const lw_compiled *entry, lwasm_instance *entry_inst, lw_value *entry_fp,
                           const void *const **handlers_out, lw_activation *act)
#else
LW_RUN_ALIGN
static lwasm_error *lw_run(lwasm_store *s, const lw_compiled *entry, lwasm_instance *entry_inst, lw_value *entry_fp,
                           const void *const **handlers_out)
#endif
{
#if !LW_USE_SWITCH
    static const void *const handlers[LW_I_COUNT_] = {
        LW_FOR_EACH_OPCODE(LW_X_LABEL) LW_FOR_EACH_HAND_OP(LW_X_HAND_LABEL)
            LW_FOR_EACH_IOP_EXTRA(LW_X_EXTRA_LABEL) LW_FOR_EACH_IOP_FUSED(LW_X_EXTRA_LABEL) LW_FOR_EACH_OS_OP(LW_LF_OS)
                LW_FOR_EACH_OPCODE(LW_X_FUSED_LABEL)};
    if (handlers_out) {
        *handlers_out = handlers;
        return NULL;
    }
    const void *const *hw = handlers;
#else
    (void)handlers_out;
    const void *const *hw = NULL;
#endif

    lw_word exit_code[1] = {lw_handler_word(hw, LW_I_EXIT)};
    const lw_word *ip = entry->code;
    lw_value *fp = entry_fp;
    const lw_compiled *code = entry;
    lwasm_instance *inst = entry_inst;
    const lwasm_memory *mem0 = lw_mem0(inst);
    uint8_t *mem;
#if !LW_GUARD_PAGES
    uint64_t memsize;
#endif
    RELOAD_MEMORY();
    lw_value *const stack_end = s->stack + s->stack_slots;
    lw_frame_rec *recs = s->frames;
    size_t rec_cap = s->frames_cap;
    size_t nrec = s->call_depth;
    const size_t entry_nrec = nrec;
    lwasm_trapkind trapk = LWASM_TRAP_NONE;
    lwasm_error *err = NULL;
    uint64_t acc = 0; /* the last scalar result, as bits (interp_fused.h) */
#if LW_FLOAT_ACC
    float facc32 = 0; /* the last f32 result */
    double facc64 = 0; /* the last f64 result */
#endif

    /* Shared by the call handlers. */
    const lw_compiled *callee;
    lwasm_func *callf;
    lwasm_instance *cinst;
    lw_value *nfp;
    const lw_word *ret;

#if LW_GUARD_PAGES
    volatile lw_guard_state pub;
    act->published = &pub;
#endif

    RESERVE_FRAME();
    recs[nrec++] = (lw_frame_rec){exit_code, entry_fp + entry->frame_slots, NULL, NULL, &lw_no_memory};
    PUBLISH_FRAME();

#if LW_USE_SWITCH
dispatch:
#ifdef LW_OP_PROFILE
    lw_prof_count((unsigned)ip->u);
#endif
    switch (ip->u) {
#else
    DISPATCH();
    {
#endif
        LW_FOR_EACH_OPCODE(LW_X_HANDLER)
        LW_FOR_EACH_OPCODE(LW_X_FUSED_HANDLER)
        LW_FUSED_HAND_HANDLERS

    IOP(EXIT) : {
        s->call_depth = (uint32_t)nrec;
        return NULL;
    }
    OP(UNREACHABLE) : TRAP(LWASM_TRAP_UNREACHABLE);

    /* ---- control ---- */
    OP(BR) : JUMP(1);
    OP(BR_IF) : {
        if (SLO(1).i32)
            JUMP(1);
        NEXT(2);
    }
    IOP(BR_UNLESS) : {
        if (!SLO(1).i32)
            JUMP(1);
        NEXT(2);
    }
    OP(BR_TABLE) : {
        uint32_t i = SLO(1).i32;
        if (i > HI(1))
            i = HI(1); /* the default is the last entry */
        JUMP(2 + i);
    }
    OP(RETURN) : {
        const lw_frame_rec *r = &recs[--nrec];
        ip = r->ret_ip;
        fp = r->fp;
        code = r->code;
        inst = r->inst;
        mem0 = r->mem0;
        PUBLISH_FRAME();
        RELOAD_MEMORY();
        DISPATCH();
    }

    /* ---- calls ---- */
    IOP(CALL_DIRECT) : {
        /* Locals of its own (not the shared callee/nfp), so they can stay in registers. */
        const lw_compiled *c_ = ip[2].p;
        lw_value *f_ = fp + LO(1);
        TRANSLATE_FIRST(inst->module, c_);
        if (LW_UNLIKELY((size_t)(stack_end - f_) < c_->frame_slots))
            TRAP(LWASM_TRAP_STACK_EXHAUSTED);
        RESERVE_FRAME();
        recs[nrec++] = (lw_frame_rec){ip + 3, fp, code, inst, mem0};
        ZERO_LOCALS(f_ + c_->nparam_slots, c_->nlocal_slots);
        fp = f_;
        code = c_;
        ip = c_->code;
        PUBLISH_FRAME();
        DISPATCH();
    }
    OP(CALL) : {
        callf = inst->funcs[HI(1)];
        nfp = fp + LO(1);
        ret = ip + 2;
        goto call_func;
    }
    OP(CALL_INDIRECT) : {
        const lwasm_table *t = inst->tables[LO(2)];
        uint32_t i = SHI(1).i32;
        if (LW_UNLIKELY(i >= t->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        callf = t->elems[i];
        if (LW_UNLIKELY(!callf))
            TRAP(LWASM_TRAP_UNINITIALIZED_ELEMENT);
        /* Same module: canonical types make equal signatures one pointer. */
        const lw_functype *want = ip[3].p;
        const lw_functype *have = callf->code ? callf->code->compiled->canon_type : callf->type;
        if (LW_UNLIKELY(have != want) && !lw_functype_equal(have, want))
            TRAP(LWASM_TRAP_INDIRECT_TYPE_MISMATCH);
        nfp = fp + LO(1);
        ret = ip + 4;
        goto call_func;
    }

    /* ---- parametric and variables ---- */
    IOP(COPY) : {
        SLO(1) = SHI(1);
        NEXT(2);
    }
    IOP(CONST) : {
        SLO(1).i64 = ip[2].u;
        NEXT(3);
    }
    IOP(CONST32) : {
        SLO(1).i64 = HI(1);
        NEXT(2);
    }
    OP(SELECT) : {
        /* Both operands read first, so that gcc picks a conditional move:
         * a select's condition is often data (a merge, a minimum), which a
         * branch predictor cannot learn. */
        uint64_t a_ = SHI(1).i64, b_ = SLO(2).i64;
        SLO(1).i64 = SHI(2).i32 ? a_ : b_;
        NEXT(3);
    }
    IOP(SELECT_V128) : {
        if (!SLO(2).i32) {
            fp[LO(1)] = fp[HI(1)];
            fp[LO(1) + 1] = fp[HI(1) + 1];
        }
        NEXT(3);
    }
    OP(GLOBAL_GET) : {
        SLO(1) = inst->globals[HI(1)]->value[0];
        NEXT(2);
    }
    OP(GLOBAL_SET) : {
        inst->globals[HI(1)]->value[0] = SLO(1);
        NEXT(2);
    }
    IOP(GLOBAL_GET_V128) : {
        const lwasm_global *g = inst->globals[HI(1)];
        fp[LO(1)] = g->value[0];
        fp[LO(1) + 1] = g->value[1];
        NEXT(2);
    }
    IOP(GLOBAL_SET_V128) : {
        lwasm_global *g = inst->globals[HI(1)];
        g->value[0] = fp[LO(1)];
        g->value[1] = fp[LO(1) + 1];
        NEXT(2);
    }

    /* ---- references ---- */
    OP(REF_IS_NULL) : {
        uint32_t r = SHI(1).ref == NULL;
        LW_PUT_I32(SLO(1), r);
        NEXT(2);
    }
    OP(REF_FUNC) : {
        SLO(1).ref = inst->funcs[HI(1)];
        NEXT(2);
    }

    /* ---- memory ---- */
    OP(MEMORY_SIZE) : {
        LW_PUT_I32(SLO(1), mem0->pages);
        NEXT(2);
    }
    OP(MEMORY_GROW) : {
        int64_t old = lw_memory_grow(inst->memories[0], SLO(1).i32);
        LW_PUT_I32(SLO(1), old < 0 ? UINT32_MAX : (uint32_t)old);
        RELOAD_MEMORY();
        NEXT(2);
    }
    OP(MEMORY_FILL) : {
        const lw_value *a = &SLO(1);
        uint64_t d = a[0].i32, n = a[2].i32;
        if (LW_UNLIKELY(d + n > memsize))
            TRAP(LWASM_TRAP_MEMORY_OOB);
        if (n)
            memset(mem + d, (int)(a[1].i32 & 0xFF), n);
        NEXT(2);
    }
    OP(MEMORY_COPY) : {
        const lw_value *a = &SLO(1);
        uint64_t d = a[0].i32, src = a[1].i32, n = a[2].i32;
        if (LW_UNLIKELY(src + n > memsize || d + n > memsize))
            TRAP(LWASM_TRAP_MEMORY_OOB);
        if (n)
            memmove(mem + d, mem + src, n);
        NEXT(2);
    }
    OP(MEMORY_INIT) : {
        const lw_value *a = &SLO(1);
        uint32_t x = HI(1);
        uint64_t d = a[0].i32, src = a[1].i32, n = a[2].i32;
        if (LW_UNLIKELY(src + n > inst->data_lens[x] || d + n > memsize))
            TRAP(LWASM_TRAP_MEMORY_OOB);
        if (n)
            memcpy(mem + d, inst->module->datas[x].init.data + src, n);
        NEXT(2);
    }
    OP(DATA_DROP) : {
        inst->data_lens[LO(1)] = 0;
        NEXT(2);
    }

    /* ---- tables ---- */
    OP(TABLE_GET) : {
        const lwasm_table *t = inst->tables[HI(1)];
        uint32_t i = SLO(1).i32;
        if (LW_UNLIKELY(i >= t->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        SLO(1).ref = t->elems[i];
        NEXT(2);
    }
    OP(TABLE_SET) : {
        lwasm_table *t = inst->tables[HI(1)];
        const lw_value *a = &SLO(1);
        if (LW_UNLIKELY(a[0].i32 >= t->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        t->elems[a[0].i32] = a[1].ref;
        NEXT(2);
    }
    OP(TABLE_SIZE) : {
        LW_PUT_I32(SLO(1), inst->tables[HI(1)]->size);
        NEXT(2);
    }
    OP(TABLE_GROW) : {
        lw_value *a = &SLO(1);
        int64_t old = lw_table_grow(inst->tables[HI(1)], a[1].i32, a[0].ref);
        LW_PUT_I32(a[0], old < 0 ? UINT32_MAX : (uint32_t)old);
        NEXT(2);
    }
    OP(TABLE_FILL) : {
        lwasm_table *t = inst->tables[HI(1)];
        const lw_value *a = &SLO(1);
        uint64_t i = a[0].i32, n = a[2].i32;
        if (LW_UNLIKELY(i + n > t->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        for (uint64_t k = 0; k < n; k++)
            t->elems[i + k] = a[1].ref;
        NEXT(2);
    }
    OP(TABLE_COPY) : {
        lwasm_table *dt = inst->tables[HI(1)];
        const lwasm_table *st = inst->tables[LO(2)];
        const lw_value *a = &SLO(1);
        uint64_t d = a[0].i32, src = a[1].i32, n = a[2].i32;
        if (LW_UNLIKELY(src + n > st->size || d + n > dt->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        if (n)
            memmove(dt->elems + d, st->elems + src, n * sizeof *dt->elems);
        NEXT(3);
    }
    OP(TABLE_INIT) : {
        uint32_t x = HI(1);
        lwasm_table *t = inst->tables[LO(2)];
        const lw_value *a = &SLO(1);
        uint64_t d = a[0].i32, src = a[1].i32, n = a[2].i32;
        if (LW_UNLIKELY(src + n > inst->elem_lens[x] || d + n > t->size))
            TRAP(LWASM_TRAP_TABLE_OOB);
        if (n)
            memcpy(t->elems + d, inst->elem_refs[x] + src, n * sizeof *t->elems);
        NEXT(3);
    }
    OP(ELEM_DROP) : {
        inst->elem_lens[LO(1)] = 0;
        NEXT(2);
    }

    /* ---- limits (limits.c) ---- */
    IOP(FUEL) : {
        uint64_t cost = LO(1);
        if (LW_UNLIKELY(s->fuel < cost)) {
            HOST_CALL_BEGIN();
            bool refilled = lw_fuel_refill(s, cost);
            HOST_CALL_END();
            if (!refilled)
                TRAP(LWASM_TRAP_OUT_OF_FUEL);
            RELOAD_MEMORY(); /* the handler may have grown memory */
        }
        s->fuel -= cost;
        NEXT(2);
    }
    IOP(POLL) : {
        if (LW_UNLIKELY(lw_interrupt_take(s)))
            TRAP(LWASM_TRAP_INTERRUPTED);
        NEXT(1);
    }

#if LW_USE_SWITCH
    default:
        err = lw_error(LWASM_ERR_TRAP, LWASM_NO_OFFSET, code->func_index, "internal: bad instruction");
        goto unwind;
    }
#else
    }
#endif

    /* A call through a function reference: wasm (maybe of another instance) or host. */
call_func:
    if (callf->code) {
        callee = callf->code->compiled;
        cinst = callf->instance;
        TRANSLATE_FIRST(cinst->module, callee);
        if (LW_UNLIKELY((size_t)(stack_end - nfp) < callee->frame_slots))
            TRAP(LWASM_TRAP_STACK_EXHAUSTED);
        RESERVE_FRAME();
        recs[nrec++] = (lw_frame_rec){ret, fp, code, inst, mem0};
        ZERO_LOCALS(nfp + callee->nparam_slots, callee->nlocal_slots);
        fp = nfp;
        code = callee;
        ip = callee->code;
        if (cinst != inst) {
            inst = cinst;
            mem0 = lw_mem0(inst);
            RELOAD_MEMORY();
        }
        PUBLISH_FRAME();
        DISPATCH();
    }
    /* Host: a record keeps this frame in backtraces and tells a nested
     * activation where the live stack ends. */
    RESERVE_FRAME();
    recs[nrec++] = (lw_frame_rec){ret, fp, code, inst, mem0};
    s->call_depth = (uint32_t)nrec;
    HOST_CALL_BEGIN();
    err = lw_host_call(s, callf, nfp, inst);
    HOST_CALL_END();
    recs = s->frames; /* a nested activation may have grown it */
    rec_cap = s->frames_cap;
    nrec--;
    PUBLISH_FRAME();
    if (LW_UNLIKELY(err != NULL)) {
        if (err->kind == LWASM_ERR_TRAP && !err->is_static) {
            if (err->func_index == LWASM_NO_FUNC) {
                err->func_index = code->func_index;
                err->offset = lw_compiled_offset(code, (size_t)(ip - code->code));
            }
            lw_attach_backtrace(err, code, (size_t)(ip - code->code), inst, recs, nrec);
        }
        goto unwind;
    }
    RELOAD_MEMORY();
    ip = ret;
    DISPATCH();

trap:
    err = lw_trap(trapk, code->func_index, lw_compiled_offset(code, (size_t)(ip - code->code)));
    lw_attach_backtrace(err, code, (size_t)(ip - code->code), inst, recs, nrec);
unwind:
    s->call_depth = (uint32_t)entry_nrec;
    return err;
}

const void *const *lw_interp_handlers(void)
{
#if LW_USE_SWITCH
    return NULL;
#else
    const void *const *h = NULL;
#if LW_GUARD_PAGES
    lw_run(NULL, NULL, NULL, NULL, &h, NULL);
#else
    lw_run(NULL, NULL, NULL, NULL, &h);
#endif
    return h;
#endif
}

#if LW_GUARD_PAGES
/* The function whose code holds ip, and an instance of its module (the
 * backtrace needs only the module): a search, made only for a trap. */
static const lw_compiled *lw_code_at(const lwasm_store *s, const lw_word *ip, lwasm_instance **inst)
{
    for (size_t i = 0; i < s->instances.count; i++) {
        lwasm_instance *in = s->instances.items[i];
        const lwasm_module *m = in->module;
        for (uint32_t k = 0; k < m->ncodes; k++) {
            const lw_compiled *c = m->codes[k].compiled;
            if (c && c->code && ip >= c->code && ip < c->code + c->ncode) {
                *inst = in;
                return c;
            }
        }
    }
    return NULL;
}
#endif

/* Runs an activation; with guard pages, a fault in a memory's guard region
 * comes back here (guard.h) and becomes the out-of-bounds trap, reported
 * where the interpreter said it was. */
static lwasm_error *lw_activate(lwasm_store *s, const lw_compiled *c, lwasm_instance *inst, lw_value *fp)
{
#if LW_GUARD_PAGES
    lw_activation act;
    const uint32_t entry_depth = s->call_depth;
    if (!lw_guard_enter(&act, s))
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, c->func_index,
                        "cannot install the handler that guard pages need (SIGSEGV)");
    if (sigsetjmp(act.env, 0)) {
        lw_guard_leave(&act);
        s->call_depth = entry_depth;
        lwasm_instance *at = NULL;
        const lw_word *ip = act.fault.ip;
        const lw_compiled *code = lw_code_at(s, ip, &at);
        if (!code) /* cannot happen: only wasm code publishes accesses */
            return lw_trap(LWASM_TRAP_MEMORY_OOB, LWASM_NO_FUNC, LWASM_NO_OFFSET);
        size_t pos = (size_t)(ip - code->code);
        lwasm_error *err = lw_trap(LWASM_TRAP_MEMORY_OOB, code->func_index, lw_compiled_offset(code, pos));
        lw_attach_backtrace(err, code, pos, at, s->frames, act.fault.nrec);
        return err;
    }
    lwasm_error *err = lw_run(s, c, inst, fp, NULL, &act);
    lw_guard_leave(&act);
    return err;
#else
    return lw_run(s, c, inst, fp, NULL);
#endif
}

lwasm_error *lw_invoke(lwasm_store *s, lwasm_func *f, lw_value *slots)
{
    if (!f->code)
        return lw_host_call(s, f, slots, NULL);
    lw_compiled *c = f->code->compiled;
    if (!c)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, f->index, "function was not translated");
    LW_TRY(lw_translate_lazy(f->instance->module, c));
    if (s->in_fuel_handler)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, f->index, "a fuel handler cannot call functions");
    LW_TRY(lw_stacks_init(s));
    if (s->host_depth >= LW_MAX_HOST_NESTING)
        return lw_trap(LWASM_TRAP_STACK_EXHAUSTED, f->index, LWASM_NO_OFFSET);
    lw_value *base = lw_stack_top(s);
    if ((size_t)(s->stack + s->stack_slots - base) < c->frame_slots)
        return lw_trap(LWASM_TRAP_STACK_EXHAUSTED, f->index, LWASM_NO_OFFSET);
    if (c->nparam_slots)
        memcpy(base, slots, c->nparam_slots * sizeof *base);
    if (c->nlocal_slots)
        memset(base + c->nparam_slots, 0, c->nlocal_slots * sizeof *base);
    s->host_depth++;
    lwasm_error *err = lw_activate(s, c, f->instance, base);
    s->host_depth--;
    if (!err && c->nresult_slots)
        memcpy(slots, base, c->nresult_slots * sizeof *base);
    return err;
}
