#!/usr/bin/env bash
# Allocation per request of a real application, Spring PetClinic, with and without the starter:
# each jar is started, warmed up with 3,000 requests, then recorded with JFR (settings=profile)
# over 4,000 more; the Tomcat threads' allocation (jdk.ThreadAllocationStatistics, last minus
# first reading per thread) is summed. Run as a separate step, never by verify (about 5 minutes).
# Usage: benchmarks/petclinic-allocation.sh WITHOUT.jar WITH.jar   (PetClinic built twice, the
# second with dev.forge.trace:trace-spring-boot-starter added to its pom)
set -euo pipefail
without=$1
with=$2
load() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.request
base, n = sys.argv[1], int(sys.argv[2])
paths = ['/', '/owners?lastName=', '/owners/1', '/owners/2', '/vets.html', '/owners/find', '/owners?lastName=Davis']
for i in range(n):
    with urllib.request.urlopen(base + paths[i % len(paths)]) as response:
        response.read()
PY
}
allocated() {
  jfr print --events jdk.ThreadAllocationStatistics "$1" | python3 -c '
import re, sys
first, last = {}, {}
for event in sys.stdin.read().split("jdk.ThreadAllocationStatistics")[1:]:
    amount = re.search(r"allocated = ([\d.]+) (bytes|kB|MB|GB)", event)
    thread = re.search(r"thread = \"([^\"]+)\"", event)
    if amount and thread and "exec" in thread.group(1):
        value = float(amount.group(1)) * {"bytes": 1, "kB": 2**10, "MB": 2**20, "GB": 2**30}[amount.group(2)]
        first.setdefault(thread.group(1), value)
        last[thread.group(1)] = value
print("%.1f KB per request" % (sum(last[t] - first[t] for t in last) / 4000 / 1024))'
}
run() {
  local jar=$1 label=$2 port=$3
  shift 3
  java -Xms512m -Xmx512m -jar "$jar" --server.port="$port" "$@" >"/tmp/petclinic-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 90); do curl -sf "localhost:$port/" >/dev/null && break; sleep 1; done
  load "http://localhost:$port" 3000
  jcmd "$pid" JFR.start name=allocation settings=profile filename="/tmp/petclinic-$label.jfr" >/dev/null
  sleep 2
  load "http://localhost:$port" 4000
  sleep 2
  jcmd "$pid" JFR.stop name=allocation >/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label: $(allocated "/tmp/petclinic-$label.jfr")"
}
for round in 1 2 3; do
  run "$without" "without-$round" 18081
  run "$with" "with-$round" 18082
  run "$with" "with-disabled-$round" 18083 --trace.enabled=false
done
