/* pool.c — runs scripts in child processes (a few at a time), isolating crashes and hangs, reporting in order. */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child reports over a pipe in frames: 'P' + sr_counts + int32 line before
 * each command (and line 0 at the end), then 'T' + uint32 length + the
 * script's report text. */
enum { SR_FRAME_PROGRESS = 'P', SR_FRAME_TEXT = 'T' };

typedef struct sr_child {
    pid_t pid;
    int fd; /* read end; -1 once EOF was seen */
    bool started, finished;
    unsigned char *buf; /* everything the child sent */
    size_t len, cap;
    int status;
} sr_child;

/* ---- child side -------------------------------------------------------------- */

static bool sr_write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static void sr_child_progress(void *ctx, const sr_counts *c, int line)
{
    unsigned char frame[1 + sizeof *c + sizeof(int32_t)];
    int32_t l = line;
    frame[0] = SR_FRAME_PROGRESS;
    memcpy(frame + 1, c, sizeof *c);
    memcpy(frame + 1 + sizeof *c, &l, sizeof l);
    sr_write_all(*(int *)ctx, frame, sizeof frame);
}

/* The child's end of the pipe, at a fixed descriptor after exec. */
enum { SR_CHILD_FD = 3 };

int sr_child_main(int argc, char **argv)
{
    /* argv: PROGRAM --child TIMEOUT VERBOSE MAX_SHOWN JSON NAME */
    if (argc != 7)
        return 2;
    int fd = SR_CHILD_FD;
    unsigned timeout = (unsigned)strtoul(argv[2], NULL, 10);
    if (timeout)
        alarm(timeout);
    sr_options o = {.verbose = strcmp(argv[3], "1") == 0,
                    .max_shown = (unsigned)strtoul(argv[4], NULL, 10),
                    .progress = sr_child_progress,
                    .progress_ctx = &fd};
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = open_memstream(&text, &text_len);
    if (!out)
        return 2;
    sr_counts c;
    sr_run_script(argv[5], argv[6], &o, out, &c);
    fclose(out);
    unsigned char head[1 + sizeof(uint32_t)];
    uint32_t n = (uint32_t)text_len;
    head[0] = SR_FRAME_TEXT;
    memcpy(head + 1, &n, sizeof n);
    bool sent = sr_write_all(fd, head, sizeof head) && sr_write_all(fd, text, text_len);
    free(text);
    close(fd);
    /* Returning runs exit: a sanitizer's leak check then judges the script's
     * process, which holds nothing but what this script allocated. */
    return sent ? 0 : 3;
}

/* ---- parent side ----------------------------------------------------------- */

/* Starts a fresh runner process for the job (fork + exec, so that the child
 * inherits none of this process's allocations or descriptors). */
static bool sr_start(const sr_job *job, sr_child *ch, const sr_pool_config *cfg, const sr_options *o)
{
    int fds[2];
    ch->started = true;
    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    char timeout[16], shown[16];
    snprintf(timeout, sizeof timeout, "%u", cfg->timeout_seconds);
    snprintf(shown, sizeof shown, "%u", o->max_shown);
    char *argv[] = {(char *)cfg->self_exe, (char *)"--child", timeout, (char *)(o->verbose ? "1" : "0"), shown,
                    (char *)job->json_path, (char *)job->name, NULL};
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        /* dup2 clears close-on-exec on the copy, unless it is already fd 3. */
        if (fds[1] == SR_CHILD_FD ? fcntl(SR_CHILD_FD, F_SETFD, 0) != 0 : dup2(fds[1], SR_CHILD_FD) < 0)
            _exit(126);
        execv(cfg->self_exe, argv);
        _exit(127);
    }
    close(fds[1]);
    ch->pid = pid;
    ch->fd = fds[0];
    return true;
}

/* Reads what is available; false at EOF. */
static bool sr_drain(sr_child *ch)
{
    if (ch->cap - ch->len < 4096) {
        size_t cap = ch->cap ? ch->cap * 2 : 65536;
        unsigned char *buf = realloc(ch->buf, cap);
        if (!buf)
            return false; /* treated as EOF: the child's report is then incomplete */
        ch->buf = buf;
        ch->cap = cap;
    }
    ssize_t n = read(ch->fd, ch->buf + ch->len, ch->cap - ch->len);
    if (n < 0 && errno == EINTR)
        return true;
    if (n <= 0)
        return false;
    ch->len += (size_t)n;
    return true;
}

static void sr_reap(sr_child *ch)
{
    close(ch->fd);
    ch->fd = -1;
    while (waitpid(ch->pid, &ch->status, 0) < 0 && errno == EINTR) {
    }
    ch->finished = true;
}

/* Parses a finished child's frames: the last progress record and the text. */
static void sr_parse_frames(const sr_child *ch, sr_counts *c, int *line, const char **text, size_t *text_len)
{
    size_t at = 0;
    *text = NULL;
    *text_len = 0;
    while (at < ch->len) {
        unsigned char type = ch->buf[at];
        if (type == SR_FRAME_PROGRESS && ch->len - at >= 1 + sizeof *c + sizeof(int32_t)) {
            int32_t l;
            memcpy(c, ch->buf + at + 1, sizeof *c);
            memcpy(&l, ch->buf + at + 1 + sizeof *c, sizeof l);
            *line = l;
            at += 1 + sizeof *c + sizeof l;
        } else if (type == SR_FRAME_TEXT && ch->len - at >= 1 + sizeof(uint32_t)) {
            uint32_t n;
            memcpy(&n, ch->buf + at + 1, sizeof n);
            if (ch->len - at - 1 - sizeof n < n)
                break; /* cut short */
            *text = (const char *)ch->buf + at + 1 + sizeof n;
            *text_len = n;
            at += 1 + sizeof n + n;
        } else {
            break;
        }
    }
}

static void sr_report(sr_job *job, const sr_child *ch, const sr_pool_config *cfg, FILE *out)
{
    sr_counts c = {0};
    int line = -1;
    const char *text;
    size_t text_len;
    sr_parse_frames(ch, &c, &line, &text, &text_len);
    bool clean_exit = WIFEXITED(ch->status) && WEXITSTATUS(ch->status) == 0;
    if (text && line == 0) {
        fwrite(text, 1, text_len, out);
        if (!clean_exit) {
            /* All commands ran, but the process failed afterwards: a sanitizer
             * (leak) report on stderr, most likely. That is a failure too. */
            c.total++;
            c.failed++;
            fprintf(out, "FAIL %s: its process exited with %s %d after the last command (see stderr)\n", job->name,
                    WIFEXITED(ch->status) ? "status" : "signal",
                    WIFEXITED(ch->status) ? WEXITSTATUS(ch->status) : WTERMSIG(ch->status));
        }
        job->counts = c;
        return;
    }
    /* The child died mid-script: what did not pass, failed. Dying after the
     * last command (while freeing, say) is one failure more. */
    c.failed = c.total - c.passed;
    bool died_after_passing = c.failed == 0;
    if (died_after_passing) {
        c.total++;
        c.failed = 1;
    }
    fprintf(out, "FAIL %s (%u/%u)", job->name, c.passed, c.total);
    if (c.text_not_run)
        fprintf(out, " [%u text, not run]", c.text_not_run);
    fprintf(out, "\n  ");
    if (WIFSIGNALED(ch->status) && WTERMSIG(ch->status) == SIGALRM)
        fprintf(out, "timed out after %u s", cfg->timeout_seconds);
    else if (WIFSIGNALED(ch->status))
        fprintf(out, "crashed with signal %d (%s)", WTERMSIG(ch->status), strsignal(WTERMSIG(ch->status)));
    else if (!ch->pid)
        fprintf(out, "could not start a process for it");
    else
        fprintf(out, "its process exited with status %d (see stderr)", WEXITSTATUS(ch->status));
    if (line > 0)
        fprintf(out, " during the command on line %d", line);
    else if (line == 0)
        fprintf(out, " after its last command");
    if (died_after_passing)
        fprintf(out, "; that counts as one failed command\n");
    else
        fprintf(out, "; the %u commands not passed by then count as failed\n", c.failed);
    job->counts = c;
}

static void sr_run_in_process(sr_job *jobs, size_t njobs, const sr_options *o, FILE *out)
{
    for (size_t i = 0; i < njobs; i++) {
        sr_run_script(jobs[i].json_path, jobs[i].name, o, out, &jobs[i].counts);
        fflush(out);
    }
}

void sr_pool_run(sr_job *jobs, size_t njobs, const sr_pool_config *cfg, const sr_options *o, FILE *out)
{
    if (cfg->in_process) {
        sr_run_in_process(jobs, njobs, o, out);
        return;
    }
    sr_child *kids = calloc(njobs ? njobs : 1, sizeof *kids);
    struct pollfd *pfds = calloc(cfg->parallel + 1, sizeof *pfds);
    size_t *which = calloc(cfg->parallel + 1, sizeof *which);
    if (!kids || !pfds || !which) {
        free(kids);
        free(pfds);
        free(which);
        sr_run_in_process(jobs, njobs, o, out);
        return;
    }
    size_t next_start = 0, next_report = 0, running = 0;
    while (next_report < njobs) {
        while (running < cfg->parallel && next_start < njobs) {
            sr_child *ch = &kids[next_start];
            if (sr_start(&jobs[next_start], ch, cfg, o))
                running++;
            else
                ch->finished = true; /* reported as "could not start" */
            next_start++;
        }
        /* Report finished scripts in order, as soon as the earliest is done. */
        while (next_report < njobs && kids[next_report].finished) {
            sr_report(&jobs[next_report], &kids[next_report], cfg, out);
            free(kids[next_report].buf);
            kids[next_report].buf = NULL;
            fflush(out);
            next_report++;
        }
        if (running == 0)
            continue;
        nfds_t n = 0;
        for (size_t i = next_report; i < next_start; i++) {
            if (kids[i].started && !kids[i].finished && kids[i].fd >= 0) {
                pfds[n] = (struct pollfd){.fd = kids[i].fd, .events = POLLIN};
                which[n++] = i;
            }
        }
        if (poll(pfds, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            /* Cannot wait for output any more: stop the children, which are
             * then reported as killed, rather than lose their scripts. */
            for (nfds_t k = 0; k < n; k++) {
                kill(kids[which[k]].pid, SIGKILL);
                sr_reap(&kids[which[k]]);
                running--;
            }
            continue;
        }
        for (nfds_t k = 0; k < n; k++) {
            if (!(pfds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            sr_child *ch = &kids[which[k]];
            if (!sr_drain(ch)) {
                sr_reap(ch);
                running--;
            }
        }
    }
    free(kids);
    free(pfds);
    free(which);
}
