#!/usr/bin/env bash
# CLI start-up, variants side by side in one run: each variant is a command line that runs the CLI
# (such as "java -jar OLD.jar" or "./yandexart"); every round runs `generate --emulator` and `--help`
# once per variant, interleaved, so load changes hit all alike. Prints the median wall time and peak
# RSS of each, and each variant's median ratio to the first one (per round, then the median).
#   benchmarks/cli-start-compare.sh ROUNDS "NAME=COMMAND" "NAME=COMMAND" ...
# e.g. benchmarks/cli-start-compare.sh 9 "before=java -jar /tmp/old.jar" "jar=java -jar cli/target/yandexart.jar" "launcher=./yandexart"
set -euo pipefail
rounds="$1"; shift
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
names=(); cmds=()
for v in "$@"; do names+=("${v%%=*}"); cmds+=("${v#*=}"); done

measure() {  # command words... -> "<wall ms> <rss KiB>"
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" \
    || { echo "failed: $*" >&2; cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, $2 }' "$tmp/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for r in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    read -r -a words <<<"${cmds[$i]}"
    measure "${words[@]}" generate --emulator "a red cat" -o "$tmp/cat.jpeg" --force >>"$tmp/gen.$i"
    measure "${words[@]}" --help >>"$tmp/help.$i"
  done
done
for kind in gen help; do
  label=$([ "$kind" = gen ] && echo "generate --emulator" || echo "--help")
  for i in "${!names[@]}"; do
    w=$(cut -d' ' -f1 "$tmp/$kind.$i" | median); m=$(cut -d' ' -f2 "$tmp/$kind.$i" | median)
    ratio=$(paste -d' ' "$tmp/$kind.0" "$tmp/$kind.$i" | awk '{ printf "%.3f\n", $3 / $1 }' | median)
    printf '%-20s %-10s median wall %5d ms, peak RSS %4d MiB, ratio to %s %s\n' "$label" "${names[$i]}" "$w" $((m / 1024)) "${names[0]}" "$ratio"
  done
done
