/* hello-world.c — the smallest WASI program: build it with meson (clang --target=wasm32-wasi) and run
 * build/examples/hello-world.wasm with wasmrun. */
#include <stdio.h>

int main(void)
{
    puts("Hello, Wasm!");
    return 0;
}
