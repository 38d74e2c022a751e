/* bytecode: a switch-dispatch stack VM (64-bit values, call frames with
 * locals, a data memory) running two programs assembled at start-up:
 * recursive fib(FIB_N) and a sieve of Eratosthenes counting the primes
 * below SIEVE_N.  Results are checked against the known answers. */
#include "rt.h"

#define FIB_N    20
#define FIB_WANT 6765
#define SIEVE_N  32768
#define SIEVE_WANT 3512     /* primes below 32768 */
#define ROUNDS   (SCALE)

const char bench_name[] = "bytecode";

enum op {
	OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_LT,
	OP_JMP, OP_JZ, OP_CALL, OP_RET, OP_LDM, OP_STM, OP_INC, OP_DUP,
};

#define CODE_MAX   256
#define STACK_MAX  1024
#define FRAMES_MAX 256
#define LOCALS     4

struct frame {
	int32_t ret;       /* return pc */
	int64_t local[LOCALS];
};

struct vm {
	int32_t code[CODE_MAX];
	int n;                      /* assembled words */
	int64_t stack[STACK_MAX];
	struct frame frames[FRAMES_MAX];
	int64_t *mem;               /* data memory (the sieve), SIEVE_N words */
	uint64_t ops;               /* instructions executed */
};

static struct vm vm;
static int fib_entry, fib_main, sieve_main;

/* --- a tiny assembler -------------------------------------------------- */
static void emit(int32_t w)
{
	if (vm.n >= CODE_MAX)
		rt_fail("code size", vm.n, CODE_MAX);
	vm.code[vm.n++] = w;
}

static void op0(enum op o) { emit(o); }
static void op1(enum op o, int32_t a) { emit(o); emit(a); }
/* A forward jump: returns the slot to patch with patch(). */
static int jfwd(enum op o) { emit(o); emit(-1); return vm.n - 1; }
static void patch(int slot) { vm.code[slot] = vm.n; }

static void assemble(void)
{
	/* fib(n): if (n < 2) return n; return fib(n - 1) + fib(n - 2); */
	fib_entry = vm.n;
	op1(OP_LOAD, 0); op1(OP_PUSH, 2); op0(OP_LT);
	int big = jfwd(OP_JZ);
	op1(OP_LOAD, 0); op0(OP_RET);
	patch(big);
	op1(OP_LOAD, 0); op1(OP_PUSH, 1); op0(OP_SUB); op1(OP_CALL, fib_entry);
	op1(OP_LOAD, 0); op1(OP_PUSH, 2); op0(OP_SUB); op1(OP_CALL, fib_entry);
	op0(OP_ADD); op0(OP_RET);

	fib_main = vm.n;
	op1(OP_PUSH, FIB_N); op1(OP_CALL, fib_entry); op0(OP_HALT);

	/* locals: 0 = i, 1 = count, 2 = j */
	sieve_main = vm.n;
	op1(OP_PUSH, 2); op1(OP_STORE, 0);
	int fill = vm.n;                                    /* mem[i] = 1 */
	op1(OP_LOAD, 0); op1(OP_PUSH, SIEVE_N); op0(OP_LT);
	int fill_done = jfwd(OP_JZ);
	op1(OP_LOAD, 0); op1(OP_PUSH, 1); op0(OP_STM);
	op1(OP_INC, 0); op1(OP_JMP, fill);
	patch(fill_done);
	op1(OP_PUSH, 0); op1(OP_STORE, 1); op1(OP_PUSH, 2); op1(OP_STORE, 0);
	int outer = vm.n;
	op1(OP_LOAD, 0); op1(OP_PUSH, SIEVE_N); op0(OP_LT);
	int end = jfwd(OP_JZ);
	op1(OP_LOAD, 0); op0(OP_LDM);
	int composite = jfwd(OP_JZ);
	op1(OP_INC, 1);
	op1(OP_LOAD, 0); op0(OP_DUP); op0(OP_MUL); op1(OP_STORE, 2);
	int inner = vm.n;
	op1(OP_LOAD, 2); op1(OP_PUSH, SIEVE_N); op0(OP_LT);
	int inner_done = jfwd(OP_JZ);
	op1(OP_LOAD, 2); op1(OP_PUSH, 0); op0(OP_STM);
	op1(OP_LOAD, 2); op1(OP_LOAD, 0); op0(OP_ADD); op1(OP_STORE, 2);
	op1(OP_JMP, inner);
	patch(inner_done);
	patch(composite);
	op1(OP_INC, 0); op1(OP_JMP, outer);
	patch(end);
	op1(OP_LOAD, 1); op0(OP_HALT);
}

/* --- the interpreter --------------------------------------------------- */
static int64_t run(int pc)
{
	const int32_t *code = vm.code;
	int64_t *sp = vm.stack;          /* points past the top */
	struct frame *fp = vm.frames;
	int64_t *mem = vm.mem;
	uint64_t ops = 0;

	for (;;) {
		ops++;
		switch ((enum op)code[pc++]) {
		case OP_HALT:
			vm.ops += ops;
			return sp[-1];
		case OP_PUSH:
			*sp++ = code[pc++];
			break;
		case OP_LOAD:
			*sp++ = fp->local[code[pc++]];
			break;
		case OP_STORE:
			fp->local[code[pc++]] = *--sp;
			break;
		case OP_ADD:
			sp--; sp[-1] += sp[0];
			break;
		case OP_SUB:
			sp--; sp[-1] -= sp[0];
			break;
		case OP_MUL:
			sp--; sp[-1] *= sp[0];
			break;
		case OP_LT:
			sp--; sp[-1] = sp[-1] < sp[0];
			break;
		case OP_JMP:
			pc = code[pc];
			break;
		case OP_JZ:
			pc = *--sp ? pc + 1 : code[pc];
			break;
		case OP_CALL:           /* one argument, into local 0 */
			if (fp + 1 >= vm.frames + FRAMES_MAX)
				rt_fail("call depth", (uint64_t)(fp - vm.frames), FRAMES_MAX);
			fp++;
			fp->local[0] = *--sp;
			fp->ret = pc + 1;
			pc = code[pc];
			break;
		case OP_RET:
			pc = fp->ret;
			fp--;
			break;
		case OP_LDM: {
			uint64_t a = (uint64_t)sp[-1];
			sp[-1] = a < SIEVE_N ? mem[a] : 0;
			break;
		}
		case OP_STM: {
			sp -= 2;
			uint64_t a = (uint64_t)sp[0];
			if (a < SIEVE_N)
				mem[a] = sp[1];
			break;
		}
		case OP_INC:
			fp->local[code[pc++]]++;
			break;
		case OP_DUP:
			sp[0] = sp[-1];
			sp++;
			break;
		default:
			rt_fail("opcode", (uint64_t)code[pc - 1], 0);
		}
	}
}

void bench_init(void)
{
	vm.mem = (int64_t *)rt_heap();
	assemble();
}

uint64_t bench_run(void)
{
	uint64_t sum = 0;
	for (uint32_t r = 0; r < ROUNDS; r++) {
		int64_t f = run(fib_main);
		if (f != FIB_WANT)
			rt_fail("fib", (uint64_t)f, FIB_WANT);
		int64_t p = run(sieve_main);
		if (p != SIEVE_WANT)
			rt_fail("sieve", (uint64_t)p, SIEVE_WANT);
		sum = rt_mix(sum, (uint64_t)f);
		sum = rt_mix(sum, (uint64_t)p);
	}
	return rt_mix(sum, vm.ops);
}
