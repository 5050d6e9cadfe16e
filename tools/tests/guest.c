/* guest.c — a WASI test program for wasmrun's end-to-end tests: each command exercises one host feature. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static int cmd_cat(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    fclose(f);
    return 0;
}

static int cmd_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fputs(text, f);
    return fclose(f) == 0 ? 0 : 1;
}

static int cmd_ls(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            printf("%s\n", e->d_name);
    closedir(d);
    return 0;
}

/* Accepts one connection on a preopened listening socket and greets it. */
static int cmd_accept(const char *fd_text)
{
    __wasi_fd_t listener = (__wasi_fd_t)atoi(fd_text), conn;
    __wasi_errno_t err = __wasi_sock_accept(listener, 0, &conn);
    if (err) {
        fprintf(stderr, "sock_accept: error %d\n", err);
        return 1;
    }
    const char msg[] = "hello from wasm\n";
    __wasi_ciovec_t iov = {(const uint8_t *)msg, sizeof msg - 1};
    __wasi_size_t sent;
    err = __wasi_sock_send(conn, &iov, 1, 0, &sent);
    (void)!__wasi_fd_close(conn);
    printf("accepted\n");
    return err ? 1 : 0;
}

static int cmd_grow(const char *mib_text)
{
    size_t bytes = (size_t)atoi(mib_text) << 20;
    /* Touched and volatile, so the compiler cannot drop the allocation as unused. */
    char *volatile p = malloc(bytes);
    if (p)
        memset(p, 1, bytes);
    printf("%s\n", p ? "allocated" : "out of memory");
    return p ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: guest COMMAND [ARGS]\n");
        return 64;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "args") == 0) {
        for (int i = 0; i < argc; i++)
            printf("%s\n", argv[i]);
        return 0;
    }
    if (strcmp(cmd, "env") == 0 && argc == 3) {
        const char *v = getenv(argv[2]);
        printf("%s\n", v ? v : "(unset)");
        return 0;
    }
    if (strcmp(cmd, "cat") == 0 && argc == 3)
        return cmd_cat(argv[2]);
    if (strcmp(cmd, "write") == 0 && argc == 4)
        return cmd_write(argv[2], argv[3]);
    if (strcmp(cmd, "ls") == 0 && argc == 3)
        return cmd_ls(argv[2]);
    if (strcmp(cmd, "exit") == 0 && argc == 3)
        exit(atoi(argv[2]));
    if (strcmp(cmd, "stdin") == 0) {
        int c;
        while ((c = getchar()) != EOF)
            putchar(c);
        return 0;
    }
    if (strcmp(cmd, "accept") == 0 && argc == 3)
        return cmd_accept(argv[2]);
    if (strcmp(cmd, "grow") == 0 && argc == 3)
        return cmd_grow(argv[2]);
    if (strcmp(cmd, "trap") == 0)
        __builtin_trap();
    fprintf(stderr, "guest: unknown command %s\n", cmd);
    return 64;
}
