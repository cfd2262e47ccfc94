#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a while on a copy of its seed corpus.
#
#   seeds/fuzz/run.sh [seconds-per-target]     # default 20; `make fuzz` runs this in CI
#   seeds/fuzz/run.sh 3600                      # an hour each
#
# Environment: FUZZ_TARGETS="FuzzMarkdown ..." picks targets; FUZZ_WORK=DIR keeps the work
# folder (grown corpora, logs, crash artifacts) there instead of a temporary one; FUZZ_ARGS
# adds libFuzzer flags (e.g. "-jobs=2 -workers=2"); FUZZ_PARALLEL=N runs N targets at once
# (default: one per core).
# The committed corpus (seeds/fuzz/<target>/) is only read, never grown. Exit 1 when any
# target crashes, hangs (-timeout) or runs out of memory; the input is printed and kept.
set -uo pipefail
cd "$(dirname "$0")/../.."

SECONDS_PER_TARGET="${1:-20}"
TARGETS="${FUZZ_TARGETS:-FuzzFrontMatter FuzzTemplates FuzzMarkdown FuzzPlanner}"
SCRATCH=".build-fuzz"

# The fuzz products only exist in the manifest when NEWSROOM_FUZZ is set, and each is built
# on its own: building everything would link `newsroom`'s main against libFuzzer's.
build_log="$(mktemp -t newsroom-fuzz-build.XXXXXX)"
for target in $TARGETS; do
    echo "fuzz: building $target (debug, -sanitize=fuzzer)"
    if ! NEWSROOM_FUZZ=1 swift build --sanitize=fuzzer --scratch-path "$SCRATCH" --product "$target" > "$build_log" 2>&1; then
        # gold warns about every sanitizer symbol it cannot export; those lines are noise.
        grep -v "Cannot export local symbol" "$build_log" | tail -40 >&2
        echo "fuzz: building $target failed" >&2
        rm -f "$build_log"
        exit 2
    fi
done
rm -f "$build_log"
BIN="$(NEWSROOM_FUZZ=1 swift build --sanitize=fuzzer --scratch-path "$SCRATCH" --show-bin-path)"

if [ -n "${FUZZ_WORK:-}" ]; then
    WORK="$FUZZ_WORK"; mkdir -p "$WORK"; KEEP=1
else
    WORK="$(mktemp -d -t newsroom-fuzz.XXXXXX)"; KEEP=0
fi

# Besides its own seeds, each target starts from the repository's real inputs: the demo
# newsroom, the fixture sites (good and bad) and the theme and engine fixtures.
seed_from_repository() {
    local target=$1 corpus=$2 patterns=()
    if [ "$target" = FuzzPlanner ]; then
        # One input per site, in the harness's file format: each content file after a
        # `==> <path>` line (text of Markdown and YAML files, only the names of the others).
        local site
        for site in . seeds/fixtures/*/ seeds/fixtures/bad/*/; do
            [ -d "$site/Content" ] || continue
            ( cd "$site" && find Content Templates/assets -type f 2>/dev/null | LC_ALL=C sort | while read -r file; do
                printf '==> %s\n' "$file"
                case "$file" in *.md|*.yml) cat "$file"; echo ;; esac
            done ) > "$corpus/repo-site-$(printf '%s' "${site%/}" | tr '/.' '__')"
        done
        return 0
    fi
    case "$target" in
        FuzzFrontMatter) patterns=(Content seeds/fixtures -name '*.md' -o -name 'newsroom.yml') ;;
        FuzzTemplates) patterns=(Templates Tests/TemplatingTests/Fixtures -name '*.html') ;;
        FuzzMarkdown) patterns=(Content/releases Content/pages -name '*.md') ;;
    esac
    [ ${#patterns[@]} -gt 0 ] || return 0
    local roots=() rest=()
    for p in "${patterns[@]}"; do
        if [ ${#rest[@]} -eq 0 ] && [ "${p#-}" = "$p" ]; then roots+=("$p"); else rest+=("$p"); fi
    done
    find "${roots[@]}" -type f \( "${rest[@]}" \) | LC_ALL=C sort | while read -r file; do
        cp "$file" "$corpus/repo-$(printf '%s' "$file" | tr '/' '_')"
    done
}

# One target's run; its report line goes to $WORK/<target>/result, and a failure's details after it.
fuzz_one() {
    local target=$1 corpus artifacts log dict rc runs speed found
    corpus="$WORK/$target/corpus"; artifacts="$WORK/$target/artifacts"; log="$WORK/$target/fuzz.log"
    mkdir -p "$corpus" "$artifacts"
    [ -d seeds/fuzz/"$target" ] && cp -R seeds/fuzz/"$target"/. "$corpus"/
    seed_from_repository "$target" "$corpus"
    dict=()
    [ -f "seeds/fuzz/$target.dict" ] && dict=(-dict="seeds/fuzz/$target.dict")
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no "$BIN/$target" "$corpus" "${dict[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=8192 -rss_limit_mb=4096 -timeout=10 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} > "$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    found=$(find "$artifacts" -type f | sort)
    if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
        echo "fuzz: $target FAILED (exit $rc) after ${runs:-?} runs; log: $log"
        grep -E "ERROR: libFuzzer|Fatal error|SUMMARY|==ERROR|ALARM" "$log" | head -5 | sed 's/^/    /'
        for file in $found; do echo "    crashing input: $file"; done
    else
        echo "fuzz: $target ok: ${runs:-?} runs in ${SECONDS_PER_TARGET}s (${speed:-?}/s), corpus $(find "$corpus" -type f | wc -l) files"
    fi
}

# Each fuzzer uses one core: FUZZ_PARALLEL targets (default: the number of cores) run at
# once, so that `make fuzz` takes SECONDS_PER_TARGET × targets / cores; reports print in order.
PARALLEL="${FUZZ_PARALLEL:-$(nproc 2>/dev/null || echo 1)}"
running=0
for target in $TARGETS; do
    mkdir -p "$WORK/$target"
    fuzz_one "$target" > "$WORK/$target/result" 2>&1 &
    running=$((running + 1))
    if [ "$running" -ge "$PARALLEL" ]; then wait -n || true; running=$((running - 1)); fi
done
wait
failed=0
for target in $TARGETS; do
    cat "$WORK/$target/result"
    grep -q "^fuzz: $target ok:" "$WORK/$target/result" || failed=1
done

if [ "$failed" -ne 0 ]; then
    echo "fuzz: work folder kept: $WORK"
    exit 1
fi
if [ "$KEEP" -eq 0 ]; then rm -rf "$WORK"; else echo "fuzz: work folder: $WORK"; fi
