/* runc_main.c — wasmrun-runc: a runc-compatible runtime binary for containerd's runc shim. */
#include <stdio.h>

#include "runc.h"

int main(int argc, char **argv)
{
    wr_runc_args args;
    wr_err err = wr_runc_parse(&args, argc, argv);
    if (err) {
        fprintf(stderr, "wasmrun-runc: %s\nTry 'wasmrun-runc --help'.\n", err);
        wr_err_free(err);
        wr_runc_args_free(&args);
        return 1;
    }
    int status = wr_runc_main(&args);
    wr_runc_args_free(&args);
    return status;
}
