#!/usr/bin/env bash
# Runs every benchmark side by side in one JMH run, then the retained-size and export CPU
# measurements, and writes benchmarks/results/{jmh.json,retained.json,export-cpu.json,results.md}. About 25 minutes on
# 2 cores. Extra arguments go to JMH, e.g. a regex of benchmarks: benchmarks/run.sh Tracer
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
results=benchmarks/results
mkdir -p "$results"
java -cp "$classpath" org.openjdk.jmh.Main -prof gc -rf json -rff "$results/jmh.json" "$@"
# JOL reads record fields through its "magic" offsets and needs to attach to its own JVM.
java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -cp "$classpath" \
  dev.forge.trace.benchmarks.RetainedSize > "$results/retained.json"
# CPU time per exported span, which average times do not show (about 2 minutes).
java -Xms1g -Xmx1g -cp "$classpath" dev.forge.trace.benchmarks.ExportCpu > "$results/export-cpu.json"
java -cp "$classpath" dev.forge.trace.benchmarks.ReportWriter \
  "$results/jmh.json" "$results/retained.json" "$results/results.md"
cat "$results/results.md"
