/*
 * floor: the least any newsroom generator must do, as a yardstick for the benchmark.
 *
 *     floor [-j JOBS] SITE OUT
 *
 * For every SITE/Content/releases/<year>/<date>-<slug>.md: read it, skip its YAML front
 * matter, render the body with cmark (smart punctuation, raw HTML removed: cmark's safe
 * default, as newsroom does) and write the HTML to OUT/releases/<year>/<slug>/index.html.
 * No templates, no index, tag or archive pages, no checks. JOBS processes (default: every
 * online core) share the files; prints the number of pages written.
 *
 * Built by seeds/bench/run.sh: cc -O2 floor.c $(pkg-config --cflags --libs libcmark)
 */
#define _XOPEN_SOURCE 700
#include <cmark.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static char **paths;
static size_t npaths, cappaths;

static void die(const char *what, const char *path) {
    fprintf(stderr, "floor: %s: %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st; (void)ftw;
    size_t len = strlen(path);
    if (type == FTW_F && len > 3 && strcmp(path + len - 3, ".md") == 0) {
        if (npaths == cappaths) {
            cappaths = cappaths ? cappaths * 2 : 1024;
            paths = realloc(paths, cappaths * sizeof *paths);
            if (!paths) die("out of memory", path);
        }
        paths[npaths++] = strdup(path);
    }
    return 0;
}

static char *read_file(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("open", path);
    struct stat st;
    if (fstat(fd, &st) != 0) die("stat", path);
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0) die("read", path);
        if (n == 0) break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = 0;
    *len = got;
    return buf;
}

/* The body: everything after the closing "---" line of a leading front matter block. */
static const char *skip_front_matter(const char *text, size_t *len) {
    if (strncmp(text, "---\n", 4) != 0) return text;
    const char *end = strstr(text + 3, "\n---\n");
    if (!end) return text;
    end += 5;
    *len -= (size_t)(end - text);
    return end;
}

static void mkdirs(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) die("mkdir", path);
        *p = '/';
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST) die("mkdir", path);
}

static void render(const char *path, const char *out) {
    /* <date>-<slug>.md: the year is the date's first four digits, the slug what follows the date. */
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    size_t namelen = strlen(name);
    if (namelen < 15 || name[4] != '-' || name[7] != '-' || name[10] != '-') {
        fprintf(stderr, "floor: %s: expected <YYYY-MM-DD>-<slug>.md\n", path);
        exit(1);
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/releases/%.4s/%.*s", out, name, (int)(namelen - 14), name + 11);
    mkdirs(dir);

    size_t len;
    char *text = read_file(path, &len);
    const char *body = skip_front_matter(text, &len);
    char *html = cmark_markdown_to_html(body, len, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);

    char file[PATH_MAX + 16];
    snprintf(file, sizeof file, "%s/index.html", dir);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open", file);
    size_t hlen = strlen(html), done = 0;
    while (done < hlen) {
        ssize_t n = write(fd, html + done, hlen - done);
        if (n < 0) die("write", file);
        done += (size_t)n;
    }
    if (close(fd) != 0) die("close", file);
    free(html);
    free(text);
}

int main(int argc, char **argv) {
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int opt;
    while ((opt = getopt(argc, argv, "j:")) != -1) {
        if (opt == 'j') jobs = strtol(optarg, NULL, 10);
        else return 64;
    }
    if (argc - optind != 2 || jobs < 1) {
        fprintf(stderr, "usage: floor [-j JOBS] SITE OUT\n");
        return 64;
    }
    const char *site = argv[optind], *out = argv[optind + 1];
    char releases[PATH_MAX];
    snprintf(releases, sizeof releases, "%s/Content/releases", site);
    if (nftw(releases, collect, 64, FTW_PHYS) != 0) die("walk", releases);

    char outdir[PATH_MAX];
    snprintf(outdir, sizeof outdir, "%s", out);
    mkdirs(outdir);

    /* Each job renders every JOBS-th file; the parent is job 0. */
    for (long j = 1; j < jobs; j++) {
        pid_t pid = fork();
        if (pid < 0) die("fork", site);
        if (pid == 0) {
            for (size_t i = (size_t)j; i < npaths; i += (size_t)jobs) render(paths[i], out);
            _exit(0);
        }
    }
    for (size_t i = 0; i < npaths; i += (size_t)jobs) render(paths[i], out);
    int status, failed = 0;
    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
    if (failed) return 1;
    printf("%zu\n", npaths);
    return 0;
}
