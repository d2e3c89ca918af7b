#!/usr/bin/env bash
# CLI start-up: wall time and peak RSS of `yandexart generate --emulator` (an embedded emulator, one
# generation, the image written to a file) beside `yandexart --help`, medians over several runs of a
# fresh JVM each, measured with /usr/bin/time. Build the jar first:
#   ./mvnw -B -q -DskipTests -pl cli -am package
# Usage: benchmarks/cli-start.sh [runs] [jar]   (defaults: 7, cli/target/yandexart.jar)
# The last line is machine-readable:
#   RESULT generate <wall ms> <rss KiB> help <wall ms> <rss KiB>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
jar="${2:-$root/cli/target/yandexart.jar}"
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -B -q -DskipTests -pl cli -am package" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# one run: prints "<wall ms> <max RSS KiB>"
measure() {
  /usr/bin/time -f '%e %M' -o "$tmp/time" java -jar "$jar" "$@" >/dev/null 2>"$tmp/err" \
    || { echo "failed: yandexart $*" >&2; cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, $2 }' "$tmp/time"
}

median() {  # of one column of numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

: >"$tmp/generate"
: >"$tmp/help"
for _ in $(seq "$runs"); do   # interleaved, so load changes hit both alike
  measure generate --emulator "a red cat" -o "$tmp/cat.jpeg" >>"$tmp/generate"
  measure --help >>"$tmp/help"
done
gw=$(cut -d' ' -f1 "$tmp/generate" | median); gr=$(cut -d' ' -f2 "$tmp/generate" | median)
hw=$(cut -d' ' -f1 "$tmp/help" | median); hr=$(cut -d' ' -f2 "$tmp/help" | median)
printf 'yandexart generate --emulator: median wall %d ms, peak RSS %d MiB (%d runs)\n' "$gw" $((gr / 1024)) "$runs"
printf 'yandexart --help:              median wall %d ms, peak RSS %d MiB\n' "$hw" $((hr / 1024))
echo "RESULT generate $gw $gr help $hw $hr"
