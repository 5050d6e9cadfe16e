/* bench/bytecode.c — a switch-dispatched stack-machine interpreter running a small bytecode program. */
#include "common.h"

/* The guest instruction set: one switch case each, which is what a wasm br_table has to serve. */
enum op {
    OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_INC, OP_DUP, OP_DROP,
    OP_ADD, OP_SUB, OP_MUL, OP_MOD, OP_AND, OP_XOR, OP_SHL, OP_SHR,
    OP_LT, OP_EQ, OP_NE, OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_RET, OP_LDM, OP_STM,
};

enum { LOCALS = 8, MAX_FRAMES = 256, STACK = 1024, MEM_WORDS = 1024, CODE_MAX = 512 };

typedef struct {
    int64_t code[CODE_MAX];
    uint32_t len;
} program;

static void emit(program *p, int64_t word)
{
    if (p->len >= CODE_MAX) {
        fprintf(stderr, "bytecode: program too long\n");
        exit(1);
    }
    p->code[p->len++] = word;
}

static void emit1(program *p, enum op o) { emit(p, o); }
static void emit2(program *p, enum op o, int64_t imm) { emit(p, o); emit(p, imm); }

/* Forward jumps are emitted with a placeholder and patched once the target is known. */
static uint32_t emit_jump(program *p, enum op o)
{
    emit(p, o);
    emit(p, 0);
    return p->len - 1;
}

static void patch(program *p, uint32_t at) { p->code[at] = p->len; }

typedef struct {
    uint32_t return_pc;
    int64_t locals[LOCALS];
} frame;

typedef struct {
    int64_t stack[STACK];
    frame frames[MAX_FRAMES];
    int64_t mem[MEM_WORDS];
} machine;

/* Runs p from pc 0; returns the value on top of the stack at HALT. Stack and frame overflow are
 * errors of the guest program, reported rather than ignored. */
static int64_t run(const program *p, machine *m)
{
    const int64_t *code = p->code;
    int64_t *sp = m->stack; /* points one past the top */
    frame *fp = m->frames;
    uint32_t pc = 0;
    for (;;) {
        int64_t a, b;
        switch ((enum op)code[pc++]) {
        case OP_HALT: return sp[-1];
        case OP_PUSH: *sp++ = code[pc++]; break;
        case OP_LOAD: *sp++ = fp->locals[code[pc++]]; break;
        case OP_STORE: fp->locals[code[pc++]] = *--sp; break;
        case OP_INC: fp->locals[code[pc++]]++; break;
        case OP_DUP: sp[0] = sp[-1]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_ADD: b = *--sp; sp[-1] += b; break;
        case OP_SUB: b = *--sp; sp[-1] -= b; break;
        case OP_MUL: b = *--sp; sp[-1] = (int64_t)((uint64_t)sp[-1] * (uint64_t)b); break;
        case OP_MOD: b = *--sp; sp[-1] = b ? sp[-1] % b : 0; break;
        case OP_AND: b = *--sp; sp[-1] &= b; break;
        case OP_XOR: b = *--sp; sp[-1] ^= b; break;
        case OP_SHL: b = *--sp; sp[-1] = (int64_t)((uint64_t)sp[-1] << (b & 63)); break;
        case OP_SHR: b = *--sp; sp[-1] = (int64_t)((uint64_t)sp[-1] >> (b & 63)); break;
        case OP_LT: b = *--sp; sp[-1] = sp[-1] < b; break;
        case OP_EQ: b = *--sp; sp[-1] = sp[-1] == b; break;
        case OP_NE: b = *--sp; sp[-1] = sp[-1] != b; break;
        case OP_JMP: pc = (uint32_t)code[pc]; break;
        case OP_JZ: pc = *--sp ? pc + 1 : (uint32_t)code[pc]; break;
        case OP_JNZ: pc = *--sp ? (uint32_t)code[pc] : pc + 1; break;
        case OP_CALL: {
            /* CALL target nargs: the arguments become the callee's first locals. */
            uint32_t target = (uint32_t)code[pc], nargs = (uint32_t)code[pc + 1];
            if (fp + 1 >= m->frames + MAX_FRAMES) {
                fprintf(stderr, "bytecode: call stack overflow\n");
                exit(1);
            }
            fp++;
            fp->return_pc = pc + 2;
            for (uint32_t i = nargs; i-- > 0;)
                fp->locals[i] = *--sp;
            pc = target;
            break;
        }
        case OP_RET: pc = fp->return_pc; fp--; break;
        case OP_LDM: a = sp[-1]; sp[-1] = m->mem[a & (MEM_WORDS - 1)]; break;
        case OP_STM: b = *--sp; a = *--sp; m->mem[a & (MEM_WORDS - 1)] = b; break;
        default:
            fprintf(stderr, "bytecode: bad opcode at %u\n", pc - 1);
            exit(1);
        }
        if (sp < m->stack || sp >= m->stack + STACK) {
            fprintf(stderr, "bytecode: operand stack out of range at %u\n", pc);
            exit(1);
        }
    }
}

/* Builds: for i in 1..n: c = collatz(i); g = gcd(i, 360360); mem[i & 1023] += c ^ g;
 *         acc = acc * 31 + c + g;  then HALT with acc xor the sum of mem. */
static void build(program *p, int64_t n)
{
    enum { I = 0, ACC = 1, C = 2, G = 3, K = 4 };
    uint32_t call_collatz, call_gcd;
    emit2(p, OP_PUSH, 1); emit2(p, OP_STORE, I);
    emit2(p, OP_PUSH, 0); emit2(p, OP_STORE, ACC);
    uint32_t loop = p->len;
    emit2(p, OP_LOAD, I); emit2(p, OP_PUSH, n + 1); emit1(p, OP_LT);
    uint32_t exit_jump = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, I); emit(p, OP_CALL); call_collatz = p->len; emit(p, 0); emit(p, 1); emit2(p, OP_STORE, C);
    emit2(p, OP_LOAD, I); emit2(p, OP_PUSH, 360360); emit(p, OP_CALL); call_gcd = p->len; emit(p, 0); emit(p, 2);
    emit2(p, OP_STORE, G);
    /* mem[i & 1023] += c ^ g */
    emit2(p, OP_LOAD, I); emit1(p, OP_DUP); emit1(p, OP_LDM);
    emit2(p, OP_LOAD, C); emit2(p, OP_LOAD, G); emit1(p, OP_XOR); emit1(p, OP_ADD); emit1(p, OP_STM);
    /* acc = acc * 31 + c + g */
    emit2(p, OP_LOAD, ACC); emit2(p, OP_PUSH, 31); emit1(p, OP_MUL);
    emit2(p, OP_LOAD, C); emit1(p, OP_ADD); emit2(p, OP_LOAD, G); emit1(p, OP_ADD); emit2(p, OP_STORE, ACC);
    emit2(p, OP_INC, I);
    emit2(p, OP_JMP, loop);
    patch(p, exit_jump);
    /* fold the memory words into acc */
    emit2(p, OP_PUSH, 0); emit2(p, OP_STORE, K);
    uint32_t fold = p->len;
    emit2(p, OP_LOAD, K); emit2(p, OP_PUSH, MEM_WORDS); emit1(p, OP_LT);
    uint32_t fold_done = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, ACC); emit2(p, OP_LOAD, K); emit1(p, OP_LDM); emit1(p, OP_XOR);
    emit2(p, OP_PUSH, 1); emit1(p, OP_SHL); emit2(p, OP_STORE, ACC);
    emit2(p, OP_INC, K);
    emit2(p, OP_JMP, fold);
    patch(p, fold_done);
    emit2(p, OP_LOAD, ACC);
    emit1(p, OP_HALT);

    /* collatz(x): steps until x == 1 */
    p->code[call_collatz] = p->len;
    enum { X = 0, STEPS = 1 };
    emit2(p, OP_PUSH, 0); emit2(p, OP_STORE, STEPS);
    uint32_t c_loop = p->len;
    emit2(p, OP_LOAD, X); emit2(p, OP_PUSH, 1); emit1(p, OP_NE);
    uint32_t c_done = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, X); emit2(p, OP_PUSH, 1); emit1(p, OP_AND);
    uint32_t c_even = emit_jump(p, OP_JZ);
    emit2(p, OP_LOAD, X); emit2(p, OP_PUSH, 3); emit1(p, OP_MUL); emit2(p, OP_PUSH, 1); emit1(p, OP_ADD);
    emit2(p, OP_STORE, X);
    uint32_t c_next = emit_jump(p, OP_JMP);
    patch(p, c_even);
    emit2(p, OP_LOAD, X); emit2(p, OP_PUSH, 1); emit1(p, OP_SHR); emit2(p, OP_STORE, X);
    patch(p, c_next);
    emit2(p, OP_INC, STEPS);
    emit2(p, OP_JMP, c_loop);
    patch(p, c_done);
    emit2(p, OP_LOAD, STEPS);
    emit1(p, OP_RET);

    /* gcd(a, b): Euclid by remainders */
    p->code[call_gcd] = p->len;
    enum { A = 0, B = 1, T = 2 };
    uint32_t g_loop = p->len;
    emit2(p, OP_LOAD, B); emit2(p, OP_PUSH, 0); emit1(p, OP_EQ);
    uint32_t g_done = emit_jump(p, OP_JNZ);
    emit2(p, OP_LOAD, A); emit2(p, OP_LOAD, B); emit1(p, OP_MOD); emit2(p, OP_STORE, T);
    emit2(p, OP_LOAD, B); emit2(p, OP_STORE, A);
    emit2(p, OP_LOAD, T); emit2(p, OP_STORE, B);
    emit2(p, OP_JMP, g_loop);
    patch(p, g_done);
    emit2(p, OP_LOAD, A);
    emit1(p, OP_RET);
}

/* The same computation in plain C, to check the interpreter's answer. */
static int64_t reference(int64_t n)
{
    int64_t mem[MEM_WORDS] = {0};
    uint64_t acc = 0;
    for (int64_t i = 1; i <= n; i++) {
        int64_t x = i, steps = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : (int64_t)((uint64_t)x >> 1);
            steps++;
        }
        int64_t a = i, b = 360360;
        while (b) {
            int64_t t = a % b;
            a = b;
            b = t;
        }
        mem[i & (MEM_WORDS - 1)] += steps ^ a;
        acc = acc * 31 + (uint64_t)steps + (uint64_t)a;
    }
    for (int k = 0; k < MEM_WORDS; k++)
        acc = (acc ^ (uint64_t)mem[k]) << 1;
    return (int64_t)acc;
}

int main(int argc, char **argv)
{
    /* Size is how many integers the guest program walks (in thousands). */
    uint32_t thousands = bench_size(argc, argv, 60);
    if (thousands > 100000) {
        fprintf(stderr, "bytecode: size must be at most 100000 (thousands)\n");
        return 2;
    }
    int64_t n = (int64_t)thousands * 1000;
    program *p = bench_alloc(sizeof *p);
    machine *m = bench_alloc(sizeof *m);
    build(p, n);
    int64_t got = run(p, m);
    /* Plain C computes the same thing in a small fraction of the time; a wrong interpreter fails. */
    int64_t want = reference(n);
    printf("program: %" PRIu32 " words; result %016" PRIx64 "\n", p->len, (uint64_t)got);
    if (got != want) {
        printf("interpreter disagrees with reference %016" PRIx64 "\n", (uint64_t)want);
        return 1;
    }
    bench_print_checksum(bench_mix(BENCH_MIX_INIT, (uint64_t)got));
    free(p);
    free(m);
    return 0;
}
