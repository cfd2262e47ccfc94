#!/usr/bin/env bash
# The build benchmark (`make bench`): `newsroom build` beside Hugo and a cmark "floor", on tmpfs.
#
#   BENCH_SIZES="1000 10000"   corpus sizes, in releases, run smallest first (100000 works but takes a long while:
#                              corpus and three tools at 100k are tens of minutes on 2 cores)
#   BENCH_RUNS=3               clean builds of each tool per size (and one-thread builds and rebuilds of newsroom)
#   BENCH_WORK=/dev/shm/newsroom-bench   corpora, binaries and outputs (keep it on tmpfs)
#   BENCH_NEWSROOM=path        benchmark this newsroom binary instead of building one
#   BENCH_README=1             write the table into README.md's performance section (0: don't)
#
# For each size: generates the corpus once (seeds/bench/corpus.py; the same releases as a
# newsroom site and a Hugo site), then runs clean builds alternating newsroom / Hugo / floor,
# then no-change rebuilds of newsroom (into its previous output), one-release-edit rebuilds (a
# paragraph added at the end of a body) and title-edit rebuilds (one release's title changed:
# the lists, feeds and search index that show it change too), and clean builds with one
# release held back (embargoed), alternating with clean builds without it. With two sizes or
# more, it last times clean builds of every size in turn, smallest to largest, in each of
# BENCH_RUNS rounds (a small size several times a round): time per release is compared across
# sizes measured side by side.
# Wall time and peak RSS come from /usr/bin/time. Prints a Markdown table; the same text is
# saved to $BENCH_WORK/results.md. Exits non-zero if a tool fails or a page count is wrong.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/seeds/bench
SIZES=${BENCH_SIZES:-1000 10000}
RUNS=${BENCH_RUNS:-3}
WORK=${BENCH_WORK:-/dev/shm/newsroom-bench}
NOW=2030-01-01T00:00:00Z          # an explicit clock with an offset: no release is held by accident
SWIFT=${SWIFT:-swift}
TIME=/usr/bin/time

log() { printf '%s\n' "$*" >&2; }
fail() { log "bench: $*"; exit 1; }

case $RUNS in '' | *[!0-9]* | 0) fail "BENCH_RUNS must be a positive number" ;; esac
for n in $SIZES; do case $n in *[!0-9]*) fail "BENCH_SIZES holds '$n', not a positive number" ;; esac; done
# As numbers (a leading 0 is not octal), once each, smallest first: the phase that compares the
# sizes builds them in this order.
SIZES=$(for n in $SIZES; do echo $((10#$n)); done | sort -nu | tr '\n' ' ')
SIZES=${SIZES% }
case " $SIZES " in *" 0 "* | "  ") fail "BENCH_SIZES must hold positive numbers" ;; esac
case $WORK in /dev/shm/*) ;; *) log "bench: note: $WORK is not under /dev/shm; disk timings vary several-fold between runs" ;; esac

# --- tools ---------------------------------------------------------------------------------
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq >&2; apt_updated=1; fi
    $SUDO apt-get install -y -qq "$@" >/dev/null
}
[ -x $TIME ] || { log "Installing time (GNU time, for wall time and peak memory)…"; apt_install time; }
command -v hugo >/dev/null 2>&1 || { log "Installing hugo (Debian's package)…"; apt_install hugo; }
pkg-config --exists libcmark 2>/dev/null || { log "Installing libcmark-dev…"; apt_install libcmark-dev pkg-config; }
command -v python3 >/dev/null 2>&1 || { log "Installing python3 (the corpus generator)…"; apt_install python3; }

mkdir -p "$WORK/bin"
if [ -n "${BENCH_NEWSROOM:-}" ]; then
    # The bench's own copy given back (a rerun of the last binary) is used where it is.
    [ "$BENCH_NEWSROOM" -ef "$WORK/bin/newsroom" ] || cp "$BENCH_NEWSROOM" "$WORK/bin/newsroom"
    # Named without its path, which is this machine's, and beside the work tree's commit.
    built_from="a given binary (BENCH_NEWSROOM), the work tree at commit $(git -C "$ROOT" rev-parse --short HEAD)"
else
    log "Building newsroom (release)…"
    # `make build`, so the bench measures the binary the checks test and `make dist` ships.
    make -s -C "$ROOT" build SWIFT="$SWIFT" >&2
    # A copy, so that a rebuild in the work tree during the run cannot change what is measured.
    cp "$(cd "$ROOT" && $SWIFT build -c release --show-bin-path)/newsroom" "$WORK/bin/newsroom"
    built_from="commit $(git -C "$ROOT" rev-parse --short HEAD)"
    if [ -n "$(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ]; then
        built_from="$built_from with uncommitted changes in Sources/"
    fi
fi
NEWSROOM=$WORK/bin/newsroom
FLOOR=$WORK/bin/floor
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
cc -O2 -o "$FLOOR" "$HERE/floor.c" $(pkg-config --cflags --libs libcmark)
export HUGO_CACHEDIR=$WORK/hugo-cache

# --- measuring -----------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under GNU time; appends "wall_s rss_kb cpu_s" to $DIR/NAME.times.
measure() {
    local name=$1; shift
    if ! $TIME -f '%e %M %U %S' -o "$DIR/time.out" "$@" >"$DIR/$name.stdout" 2>"$DIR/$name.stderr"; then
        cat "$DIR/$name.stderr" >&2
        fail "$name failed: $*"
    fi
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$DIR/time.out" >>"$DIR/$name.times"
}
# middle [DECIMALS]: the median of the numbers on standard input, one a line ("n/a" for none).
middle() {
    sort -g | awk -v d="${1:-2}" '{ a[NR] = $1 }
        END { if (NR == 0) print "n/a"; else printf "%." d "f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# median FILE COLUMN
median() { awk -v c="$2" '{ print $c }' "$1" | middle; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
# paired A.times B.times: the median of each run's ratio, A's run over the B run right beside it.
# The ratio of two medians can take its sides from runs minutes apart, in different phases of
# the machine's speed; each pair was measured side by side.
paired() {
    local value
    value=$(paste -d' ' "$1" "$2" | awk '$4 > 0 { print $1 / $4 }' | middle)
    [ "$value" = n/a ] && echo n/a || echo "$value×"
}
# share REBUILD_S CLEAN_S REBUILD_CPU CLEAN_CPU: "75% (4.08 s), CPU 102%"
share() {
    awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN {
        if (b > 0) printf "%.0f%% (%.2f s)", 100 * a / b, a; else printf "n/a"
        if (d > 0) printf ", CPU %.0f%%", 100 * c / d }'
}
runs() { awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $1 }' "$1"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
html_count() { find "$1" -type f -name '*.html' | wc -l; }

# The build cache lives beside the output; a clean build starts without one, as on a fresh checkout.
newsroom_build() { measure "$1" "$NEWSROOM" build --site "$CORPUS/newsroom" --output "$DIR/out-newsroom" --cache-dir "$DIR/cache-newsroom" --now "$NOW"; }
# clean_build NAME SITE FOLDER [OPTION…]: a build of SITE into FOLDER/out, its cache in
# FOLDER/cache, neither there before.
clean_build() {
    local name=$1 site=$2 folder=$3
    shift 3
    mkdir -p "$folder"
    rm -rf "$folder/out" "$folder/cache"
    measure "$name" "$NEWSROOM" build --site "$site" --output "$folder/out" --cache-dir "$folder/cache" --now "$NOW" "$@"
}
hugo_build() { measure hugo hugo --source "$CORPUS/hugo" --destination "$DIR/out-hugo" --quiet; }
floor_build() { measure floor "$FLOOR" "$CORPUS/newsroom" "$DIR/out-floor"; }

corpus_id=$(cksum <"$HERE/corpus.py" | cut -d' ' -f1)
table="| releases | newsroom s | newsroom MiB | Hugo s | Hugo MiB | floor s | newsroom / Hugo | newsroom / floor | $(nproc) threads vs 1 | no-change rebuild | one-edit rebuild | title-edit rebuild | one release held back |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
cpu_table="| releases | newsroom CPU s | Hugo CPU s | floor CPU s |
|---:|---:|---:|---:|"
notes=
status=0
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for n in $SIZES; do
    CORPUS=$WORK/corpus-$n
    DIR=$WORK/run-$n
    if [ "$(cat "$CORPUS/.corpus-id" 2>/dev/null)" != "$corpus_id" ]; then
        log "Generating the $n-release corpus…"
        rm -rf "$CORPUS"
        python3 "$HERE/corpus.py" "$n" "$CORPUS"
        echo "$corpus_id" >"$CORPUS/.corpus-id"
    fi
    rm -rf "$DIR" "$CORPUS/hugo/.hugo_build.lock" "$CORPUS/hugo/resources"
    mkdir -p "$DIR"

    log "$n releases: $RUNS clean builds each of newsroom, Hugo, floor…"
    for ((r = 1; r <= RUNS; r++)); do
        rm -rf "$DIR/out-newsroom" "$DIR/cache-newsroom"; newsroom_build newsroom
        # The floor's output from the round before goes too: Hugo needs 13 GiB at 100,000
        # releases, beside the corpus and newsroom's output and cache, all in memory (tmpfs).
        rm -rf "$DIR/out-hugo" "$DIR/out-floor"; hugo_build
        rm -rf "$DIR/out-floor"; floor_build
    done

    # Pages: every page newsroom and Hugo should write, and the same URLs from both.
    expected=$(sed -n 's/^html=//p' "$CORPUS/expected.txt")
    # newsroom also writes its search page (search/index.html) and its media contacts page
    # (contacts/index.html), which the Hugo twin has no match for.
    nr_search=$([ -f "$DIR/out-newsroom/search/index.html" ] && echo 1 || echo 0)
    nr_contacts=$([ -f "$DIR/out-newsroom/contacts/index.html" ] && echo 1 || echo 0)
    nr_html=$(($(html_count "$DIR/out-newsroom") - nr_search - nr_contacts))
    hugo_redirects=$(find "$DIR/out-hugo" -path '*/page/1/index.html' | wc -l)
    hugo_html=$(($(html_count "$DIR/out-hugo") - hugo_redirects))
    floor_html=$(html_count "$DIR/out-floor")
    (cd "$DIR/out-newsroom" && find . -name '*.html' ! -path './search/index.html' ! -path './contacts/index.html' | sort) >"$DIR/urls-newsroom"
    (cd "$DIR/out-hugo" && find . -name '*.html' ! -path '*/page/1/index.html' | sort) >"$DIR/urls-hugo"
    same_urls=yes
    if ! cmp -s "$DIR/urls-newsroom" "$DIR/urls-hugo"; then
        same_urls="NO (see diff $DIR/urls-newsroom $DIR/urls-hugo)"
        status=1
    fi
    if [ "$nr_html" != "$expected" ] || [ "$hugo_html" != "$expected" ] || [ "$floor_html" != "$n" ]; then
        log "bench: $n releases: expected $expected HTML pages (floor $n); newsroom wrote $nr_html, Hugo $hugo_html, floor $floor_html"
        status=1
    fi

    # One thread against all of them, alternating in the same phase: the machine's speed drifts
    # between phases of a run, so both sides of the ratio are measured side by side.
    log "$n releases: $RUNS clean builds of newsroom on one thread, alternating with as many on all $(nproc)…"
    for ((r = 1; r <= RUNS; r++)); do
        clean_build one "$CORPUS/newsroom" "$DIR/threads" --jobs 1
        clean_build all "$CORPUS/newsroom" "$DIR/threads"
    done
    rm -rf "$DIR/threads"

    log "$n releases: $RUNS no-change rebuilds, $RUNS one-release edits and $RUNS title edits of newsroom…"
    for ((r = 1; r <= RUNS; r++)); do newsroom_build nochange; done
    unchanged=$(grep -o '[0-9]* unchanged; [a-z0-9 ]*' "$DIR/nochange.stdout" || true)
    target=$CORPUS/newsroom/$(cat "$CORPUS/edit-target.txt")
    cp "$target" "$DIR/edit-target.orig"
    rm "$CORPUS/.corpus-id"        # should the run stop while the file is edited, the next one regenerates
    for ((r = 1; r <= RUNS; r++)); do
        printf '\nThis paragraph was added by edit %d of the benchmark.\n' "$r" >>"$target"
        newsroom_build edit
    done
    for ((r = 1; r <= RUNS; r++)); do
        sed "s/^title: \"\(.*\)\"\$/title: \"\1 (revised $r)\"/" "$DIR/edit-target.orig" >"$target"
        # A corpus whose titles are written another way would make this a no-change rebuild.
        cmp -s "$target" "$DIR/edit-target.orig" && fail "$n releases: the title edit found no quoted title line in $target"
        newsroom_build title
    done
    cp "$DIR/edit-target.orig" "$target"

    # A newsroom nearly always holds a release back (an embargo pending), and then the build
    # searches every output file for it: clean builds with one embargoed release added,
    # alternating with as many without it. The held build must show nothing of it.
    log "$n releases: $RUNS clean builds with one release held back, alternating with as many without…"
    held_dir=$CORPUS/newsroom/Content/releases/2031
    held_file=$held_dir/2031-01-01-held-for-the-benchmark.md
    held_title="A release held back for the benchmark of held builds"
    for ((r = 1; r <= RUNS; r++)); do
        clean_build unheld "$CORPUS/newsroom" "$DIR/held"
        mkdir -p "$held_dir"
        printf -- '---\ntitle: "%s"\ndate: 2031-01-01T09:00:00Z\nembargo: 2031-01-01T09:00:00Z\n---\n%s\n' "$held_title" \
            "This paragraph is embargoed until the first of January 2031 and must appear in no output file before then." >"$held_file"
        clean_build held "$CORPUS/newsroom" "$DIR/held"
        rm "$held_file"; rmdir "$held_dir" 2>/dev/null || true   # only the file the bench added
        grep -q 'held: 1 embargoed' "$DIR/held.stdout" || fail "$n releases: the held build did not hold the release back ($DIR/held.stdout)"
        ! grep -rqF "$held_title" "$DIR/held/out" || fail "$n releases: the held release's title is in the output ($DIR/held/out)"
    done
    rm -rf "$DIR/held"
    echo "$corpus_id" >"$CORPUS/.corpus-id"
    written=$(grep -o '[0-9]* written, [0-9]* unchanged; [a-z0-9 ]*' "$DIR/edit.stdout" || true)
    title_written=$(grep -o '[0-9]* written, [0-9]* unchanged; [a-z0-9 ]*' "$DIR/title.stdout" || true)
    case $title_written in 0\ written* | '') fail "$n releases: the title edit wrote nothing ($DIR/title.stdout)" ;; esac

    nr_s=$(median "$DIR/newsroom.times" 1); nr_kb=$(median "$DIR/newsroom.times" 2)
    hugo_s=$(median "$DIR/hugo.times" 1); hugo_kb=$(median "$DIR/hugo.times" 2)
    floor_s=$(median "$DIR/floor.times" 1)
    nochange_s=$(median "$DIR/nochange.times" 1); edit_s=$(median "$DIR/edit.times" 1)
    nr_cpu=$(median "$DIR/newsroom.times" 3)
    one_s=$(median "$DIR/one.times" 1); all_s=$(median "$DIR/all.times" 1)
    nochange_cpu=$(median "$DIR/nochange.times" 3); edit_cpu=$(median "$DIR/edit.times" 3)
    title_s=$(median "$DIR/title.times" 1); title_cpu=$(median "$DIR/title.times" 3)
    held_s=$(median "$DIR/held.times" 1); unheld_s=$(median "$DIR/unheld.times" 1); held_kb=$(median "$DIR/held.times" 2)
    table="$table
| $n | $nr_s | $(mib "$nr_kb") | $hugo_s | $(mib "$hugo_kb") | $floor_s | $(ratio "$nr_s" "$hugo_s") ($(paired "$DIR/newsroom.times" "$DIR/hugo.times") by pairs) | $(ratio "$nr_s" "$floor_s") ($(paired "$DIR/newsroom.times" "$DIR/floor.times") by pairs) | $(ratio "$one_s" "$all_s") faster ($one_s s on 1, $all_s s on $(nproc); $(paired "$DIR/one.times" "$DIR/all.times") by pairs) | $(share "$nochange_s" "$nr_s" "$nochange_cpu" "$nr_cpu") | $(share "$edit_s" "$nr_s" "$edit_cpu" "$nr_cpu") | $(share "$title_s" "$nr_s" "$title_cpu" "$nr_cpu") | $(ratio "$held_s" "$unheld_s") ($held_s s against $unheld_s s; $(paired "$DIR/held.times" "$DIR/unheld.times") by pairs; $(mib "$held_kb") MiB) |"
    cpu_table="$cpu_table
| $n | $nr_cpu | $(median "$DIR/hugo.times" 3) | $(median "$DIR/floor.times" 3) |"
    notes="$notes
- $n releases: HTML pages expected $expected; newsroom $nr_html (+ $nr_search search page, $nr_contacts contacts page), Hugo $hugo_html (+ $hugo_redirects \`page/1/\` redirect pages), floor $floor_html (release bodies only); same URLs from newsroom and Hugo: $same_urls. No-change rebuild: ${unchanged:-?}; one-edit rebuild: ${written:-?}; title-edit rebuild: ${title_written:-?}. Each run, s: newsroom $(runs "$DIR/newsroom.times"); Hugo $(runs "$DIR/hugo.times"); floor $(runs "$DIR/floor.times"); one thread $(runs "$DIR/one.times"); all threads $(runs "$DIR/all.times"); no-change $(runs "$DIR/nochange.times"); one-edit $(runs "$DIR/edit.times"); title edit $(runs "$DIR/title.times"); one release held back $(runs "$DIR/held.times"), none $(runs "$DIR/unheld.times")."
done

# Time per release from the smallest size to the largest, with both sides of the ratio side by
# side: the speed drifts between phases of a run (by half and more), far more than the 25%
# this ratio is held to, so the sizes' clean builds alternate, smallest to largest, in each of
# $RUNS rounds.
# A small size's build is short and varies more from one to the next (0.22 to 0.29 s at 1,000
# releases, one after the other): it is built as many times a round as it fits in the largest,
# up to 5, and the median taken over all.
per_release_line=
if [ "$(wc -w <<<"$SIZES")" -gt 1 ]; then
    log "Time per release: $RUNS rounds of clean builds of newsroom at each size, alternating…"
    DIR=$WORK/run-per-release
    rm -rf "$DIR"; mkdir -p "$DIR"
    largest=${SIZES##* }
    for ((r = 1; r <= RUNS; r++)); do
        for n in $SIZES; do
            reps=$((largest / n)); [ "$reps" -gt 5 ] && reps=5; [ "$reps" -lt 1 ] && reps=1
            for ((k = 1; k <= reps; k++)); do clean_build "size-$n" "$WORK/corpus-$n/newsroom" "$DIR"; done
        done
    done
    rm -rf "$DIR/out" "$DIR/cache"
    # "releases milliseconds-per-release", the median of the size's builds, one line a size.
    for n in $SIZES; do
        printf '%s %s\n' "$n" "$(awk -v n="$n" '{ print 1000 * $1 / n }' "$DIR/size-$n.times" | middle 3)"
    done >"$DIR/medians"
    per_release_line="Time per release, clean builds of each size alternating in $RUNS rounds (a size built as many times a round as it fits in the largest, up to 5; medians): $(awk '{ printf "%s%s releases %s ms", (NR > 1 ? ", " : ""), $1, $2 }' "$DIR/medians"); slowest over fastest $(awk 'NR == 1 || $2 > hi { hi = $2 } NR == 1 || $2 < lo { lo = $2 } END { if (lo > 0) printf "%.2f×", hi / lo; else printf "n/a" }' "$DIR/medians"). Each size's builds in the order run, s: $(for n in $SIZES; do printf '%s releases %s; ' "$n" "$(runs "$DIR/size-$n.times")"; done | sed 's/; $//')."
fi

# The template engine against hand-written Swift, on the last corpus's release page.
log "Template engine against hand-written Swift…"
(cd "$ROOT" && NEWSROOM_BENCH=1 $SWIFT build -c release --build-path .build-bench --product TemplatePage >&2)
# Its hand-written side varies from process to process (3.5 to 4.4 µs on one page), so it runs
# $RUNS times in fresh processes and the run with the median ratio is reported.
template_line=$(for _ in $(seq "$RUNS"); do "$ROOT/.build-bench/release/TemplatePage" "$CORPUS/newsroom" || exit 1; done \
    | awk -F'ratio ' '{ print $2 " " $0 }' | sort -n | cut -d' ' -f2- | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }') \
    || { log "bench: the template benchmark failed"; status=1; }

results="## newsroom build benchmark

$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg); output on $(case $WORK in /dev/shm/*) echo tmpfs ;; *) echo "disk (BENCH_WORK)" ;; esac).
newsroom: $built_from. $(hugo version | cut -d' ' -f1-2). floor: cmark $(pkg-config --modversion libcmark), $(nproc) processes.
Medians of $RUNS runs; clean builds alternate newsroom / Hugo / floor. A ratio is that of two medians; \"by pairs\", the median of each run's ratio to the run beside it (newsroom's clean build and the Hugo or floor build after it, one thread and all threads, held and not). Rebuilds are shares of newsroom's clean build (wall time; CPU time after it); a clean build holding one release back is compared with clean builds without it, alternating.

$table

Template engine, one thread (\`Sources/Bench/TemplatePage\`): ${template_line:-not measured}.
${per_release_line:+
$per_release_line
}
CPU time (user + system), medians:

$cpu_table
$notes
"
printf '%s\n' "$results" | tee "$WORK/results.md"

# The README's performance section holds the last table, between two markers.
if [ "$status" = 0 ] && [ "${BENCH_README:-1}" = 1 ] && grep -q '<!-- bench:start -->' "$ROOT/README.md"; then
    python3 - "$ROOT/README.md" "$WORK/results.md" "$SIZES" "$RUNS" <<'PY'
import re, sys
readme, results, sizes, runs = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
body = results.split("\n", 2)[2].strip()      # without the "## newsroom build benchmark" title
block = f"<!-- bench:start -->\nMeasured by `BENCH_SIZES=\"{sizes}\" BENCH_RUNS={runs} make bench`:\n\n{body}\n<!-- bench:end -->"
text = open(readme).read()
open(readme, "w").write(re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S))
PY
    log "bench: the table is in README.md's performance section (BENCH_README=0 leaves README.md alone)"
fi
log "bench: done in $(($(date +%s) - started)) s; results also in $WORK/results.md"
exit $status
