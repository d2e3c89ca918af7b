#!/usr/bin/env bash
# CLI start-up: wall time and peak RSS of `generate --emulator "a red cat" -o FILE` (an embedded
# emulator, one generation, the image written to a file) and of `--help`, each in a fresh JVM, timed
# with /usr/bin/time; medians over several rounds. Variants run side by side, interleaved round by
# round so that load changes hit all alike:
#   launcher  ./yandexart, the user's command (its class-data-sharing archive and JVM flags)
#   jar       plain `java -jar cli/target/yandexart.jar`, for comparison
#   any NAME=COMMAND given after the rounds (e.g. "before=java -jar /tmp/old.jar")
# Each variant's ratio to the launcher is the median of the per-round ratios. Build the jar first:
#   ./mvnw -B -q -DskipTests -pl cli -am package
# Usage: benchmarks/cli-start.sh [rounds] [NAME=COMMAND ...]   (default rounds: 7)
# The launcher's figures end in a machine-readable line (read by Report):
#   RESULT generate <wall ms> <rss KiB> help <wall ms> <rss KiB>
# and every variant's in one more:  VARIANT <name> generate <wall ms> <rss KiB> help <wall ms> <rss KiB>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"; shift || true
jar="$root/cli/target/yandexart.jar"
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -B -q -DskipTests -pl cli -am package" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
names=(launcher jar); cmds=("$root/yandexart" "java -jar $jar")
for v in "$@"; do names+=("${v%%=*}"); cmds+=("${v#*=}"); done

measure() {  # command words... -> "<wall ms> <max RSS KiB>"
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" \
    || { echo "failed: $*" >&2; cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, $2 }' "$tmp/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# one untimed run of each first: the launcher rebuilds a stale jar, and the page cache warms alike
for i in "${!names[@]}"; do
  read -r -a words <<<"${cmds[$i]}"
  "${words[@]}" --help >/dev/null 2>&1 || { echo "failed: ${cmds[$i]} --help" >&2; exit 1; }
  : >"$tmp/gen.$i"; : >"$tmp/help.$i"
done
for _ in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    read -r -a words <<<"${cmds[$i]}"
    measure "${words[@]}" generate --emulator "a red cat" -o "$tmp/cat.jpeg" --force >>"$tmp/gen.$i"
    measure "${words[@]}" --help >>"$tmp/help.$i"
  done
done
for i in "${!names[@]}"; do
  gw[$i]=$(cut -d' ' -f1 "$tmp/gen.$i" | median); gr[$i]=$(cut -d' ' -f2 "$tmp/gen.$i" | median)
  hw[$i]=$(cut -d' ' -f1 "$tmp/help.$i" | median); hr[$i]=$(cut -d' ' -f2 "$tmp/help.$i" | median)
done
for kind in gen help; do
  label=$([ "$kind" = gen ] && echo "generate --emulator" || echo "--help")
  for i in "${!names[@]}"; do
    w=$(cut -d' ' -f1 "$tmp/$kind.$i" | median); m=$(cut -d' ' -f2 "$tmp/$kind.$i" | median)
    ratio=$(paste -d' ' "$tmp/$kind.0" "$tmp/$kind.$i" | awk '{ printf "%.3f\n", $3 / $1 }' | median)
    printf '%-20s %-10s median wall %5d ms, peak RSS %4d MiB, wall ratio to launcher %s (%d rounds)\n' \
      "$label" "${names[$i]}" "$w" $((m / 1024)) "$ratio" "$rounds"
  done
done
for i in "${!names[@]}"; do
  echo "VARIANT ${names[$i]} generate ${gw[$i]} ${gr[$i]} help ${hw[$i]} ${hr[$i]}"
done
echo "RESULT generate ${gw[0]} ${gr[0]} help ${hw[0]} ${hr[0]}"
