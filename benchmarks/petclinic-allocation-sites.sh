#!/usr/bin/env bash
# Where a real application's request threads allocate, and how much of it is this library's own
# code: Spring PetClinic with the starter is run under async-profiler's allocation profiler
# (fetched from Maven Central into target/), 6,000 requests are sent, and the samples taken on
# Tomcat's request threads are split by the innermost application frame: a sample counts as ours
# when the innermost frame outside the JDK is in dev.forge.trace. Run as a separate step, never by
# verify (about 2 minutes per jar). Linux x64 only.
# Usage: benchmarks/petclinic-allocation-sites.sh PETCLINIC.jar [arguments of the jar, such as --trace.enabled=false]
set -euo pipefail
jar=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
profiler="$here/target/async-profiler"
if [ ! -f "$profiler/linux-x64/libasyncProfiler.so" ]; then
  mkdir -p "$profiler"
  curl -sSfL -o "$profiler/async-profiler.jar" \
    https://repo1.maven.org/maven2/tools/profiler/async-profiler/4.2/async-profiler-4.2-linux-x64.jar
  (cd "$profiler" && unzip -q -o async-profiler.jar 'linux-x64/*')
fi
out=$(mktemp)
java -Xms512m -Xmx512m \
  -agentpath:"$profiler/linux-x64/libasyncProfiler.so=start,event=alloc,alloc=64k,threads,collapsed,file=$out" \
  -jar "$jar" --server.port=18096 "$@" >"$out.log" 2>&1 &
pid=$!
for _ in $(seq 1 90); do curl -sf localhost:18096/ >/dev/null && break; sleep 1; done
python3 - <<'PY'
import http.client
paths = ['/', '/owners?lastName=', '/owners/1', '/owners/2', '/vets.html', '/owners/find', '/owners?lastName=Davis']
connection = http.client.HTTPConnection('localhost', 18096)
for i in range(6000):
    connection.request('GET', paths[i % len(paths)])
    connection.getresponse().read()
PY
kill "$pid"
wait "$pid" 2>/dev/null || true
python3 - "$out" <<'PY'
import collections, sys
total, ours, sites = 0, 0, collections.Counter()
for line in open(sys.argv[1]):
    stack, count = line.rstrip('\n').rsplit(' ', 1)
    frames = stack.split(';')
    if not (frames[0].startswith('[http-nio') and 'exec' in frames[0]):
        continue
    total += int(count)
    # The last frame is the allocated type; skip the JDK's frames from the inside out.
    body = [f for f in frames[1:-1] if not f.startswith(('java/', 'jdk/', 'sun/'))]
    if body and 'dev/forge/trace' in body[-1]:
        ours += int(count)
        sites[body[-1] + ' -> ' + frames[-1]] += int(count)
print('request threads: %d samples of 64 KB, %d in dev.forge.trace (%.2f%%)' % (total, ours, 100.0 * ours / max(total, 1)))
for site, count in sites.most_common(10):
    print('  %6d %s' % (count, site))
PY
