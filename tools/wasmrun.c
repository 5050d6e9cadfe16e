/* wasmrun.c — the wasmrun command: run a WebAssembly module, OCI image or OCI bundle with WASI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cli.h"
#include "image.h"
#include "libwasm.h"
#include "run.h"
#include "target.h"

static int wr_fail(wr_err err, int status)
{
    fprintf(stderr, "wasmrun: %s\n", err);
    wr_err_free(err);
    return status;
}

/* Plain modules: argv[0] is FILE as given; ARGS follow (or are --invoke's values). */
static wr_err wr_module_launch(wr_cli *c)
{
    wr_launch *l = &c->launch;
    if (!wr_launch_set_module(l, c->target) || !wr_strv_push(&l->argv, c->target))
        return wr_errf("out of memory");
    wr_strv *dest = l->invoke ? &l->invoke_args : &l->argv;
    for (size_t i = 0; i < c->args.len; i++)
        if (!wr_strv_push(dest, c->args.items[i]))
            return wr_errf("out of memory");
    return NULL;
}

int main(int argc, char **argv)
{
    wr_cli cli;
    wr_cli_init(&cli);
    wr_err err = wr_cli_parse(&cli, argc, argv);
    int status;
    if (err) {
        fprintf(stderr, "wasmrun: %s\nTry 'wasmrun --help' for more information.\n", err);
        wr_err_free(err);
        wr_cli_free(&cli);
        return WR_EXIT_USAGE;
    }
    if (cli.show_help) {
        fputs(wr_cli_usage, stdout);
        wr_cli_free(&cli);
        return WR_EXIT_OK;
    }
    if (cli.show_version) {
        printf("wasmrun %s (libwasm %s)\n", LWASM_VERSION, LWASM_VERSION);
        wr_cli_free(&cli);
        return WR_EXIT_OK;
    }

    wr_target_kind kind;
    if ((err = wr_target_detect(cli.target, &kind))) {
        wr_cli_free(&cli);
        return wr_fail(err, WR_EXIT_HOST);
    }
    if (kind != WR_TARGET_MODULE && cli.launch.invoke) {
        wr_cli_free(&cli);
        return wr_fail(wr_errf("--invoke works on a .wasm module, not on an image or bundle"), WR_EXIT_USAGE);
    }

    wr_image image = {0};
    wr_bundle bundle = {0};
    switch (kind) {
    case WR_TARGET_MODULE:
        err = wr_module_launch(&cli);
        break;
    case WR_TARGET_IMAGE_DIR:
    case WR_TARGET_IMAGE_ARCHIVE:
        err = wr_image_open(cli.target, NULL, &image);
        if (!err)
            err = wr_image_launch(&image, &cli.args, &cli.launch);
        break;
    case WR_TARGET_BUNDLE:
        if (cli.args.len)
            err = wr_errf("an OCI bundle takes its arguments from config.json, not from the command line");
        else if (!(err = wr_bundle_open(cli.target, &bundle)))
            err = wr_bundle_launch(&bundle, &cli.launch);
        break;
    }
    if (err)
        status = wr_fail(err, kind == WR_TARGET_BUNDLE && cli.args.len ? WR_EXIT_USAGE : WR_EXIT_HOST);
    else
        status = wr_run(&cli.launch, stdout, stderr);
    fflush(stdout);
    wr_image_close(&image);
    wr_bundle_free(&bundle);
    wr_cli_free(&cli);
    return status;
}
