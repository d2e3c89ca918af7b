#!/usr/bin/env bash
# Builds the CLI and the benchmarks, then measures every row of the performance table beside its raw
# baseline and prints the table (io.github.yandexart.benchmarks.Report). Arguments go to Report:
#   benchmarks/run-all.sh [--quick] [--rounds N] [--only throughput,threads,reads,heap,decode,cli]
# A full run takes about 20 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests -pl cli,benchmarks -am package
exec java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.Report "$@"
