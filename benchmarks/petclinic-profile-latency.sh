#!/usr/bin/env bash
# Request latency of a real application, Spring PetClinic with the starter, with trace profiles
# on and off: both jars run side by side, are warmed up with 3,000 requests each, then measured
# in interleaved batches of 500 requests (the order alternating each round); each batch's median
# latency is taken, and the ratio on/off per round. Ends with what the profiler took in, kept and
# dropped. Run as a separate step, never by verify (about 5 minutes).
# Usage: benchmarks/petclinic-profile-latency.sh PETCLINIC_WITH_STARTER.jar [ROUNDS] [more arguments of the jar
# with profiles on, such as --trace.profile.sample-period=100ms]
set -euo pipefail
jar=$1
rounds=${2:-10}
shift $(( $# < 2 ? $# : 2 ))
start() {
  local port=$1 enabled=$2
  shift 2
  java -Xms512m -Xmx512m -jar "$jar" --server.port="$port" --management.endpoints.web.exposure.include=health,trace-spans \
    --trace.profile.enabled="$enabled" "$@" >"/tmp/petclinic-profile-$enabled.log" 2>&1 &
  echo $!
}
on=$(start 18091 true "$@")
off=$(start 18092 false)
trap 'kill $on $off 2>/dev/null || true' EXIT
for port in 18091 18092; do
  for _ in $(seq 1 90); do curl -sf "localhost:$port/" >/dev/null && break; sleep 1; done
done
python3 - "$rounds" <<'PY'
import http.client, statistics, sys, time
rounds = int(sys.argv[1])
paths = ['/', '/owners?lastName=', '/owners/1', '/owners/2', '/vets.html', '/owners/find', '/owners?lastName=Davis']
def batch(port, n):
    connection = http.client.HTTPConnection('localhost', port)
    times = []
    for i in range(n):
        began = time.perf_counter()
        connection.request('GET', paths[i % len(paths)])
        connection.getresponse().read()
        times.append((time.perf_counter() - began) * 1000)
    connection.close()
    return times
for port in (18091, 18092):
    batch(port, 3000)
ratios, ons, offs = [], [], []
for r in range(rounds):
    order = (18091, 18092) if r % 2 == 0 else (18092, 18091)
    medians = {}
    for port in order:
        medians[port] = statistics.median(batch(port, 500))
    ons.append(medians[18091]); offs.append(medians[18092])
    ratios.append(medians[18091] / medians[18092])
    print('round %2d: on %.3f ms, off %.3f ms, on/off %.3fx' % (r + 1, medians[18091], medians[18092], ratios[-1]))
print('median of batch medians: on %.3f ms, off %.3f ms; on/off median %.3fx (min %.3fx, max %.3fx)' % (
    statistics.median(ons), statistics.median(offs), statistics.median(ratios), min(ratios), max(ratios)))
PY
echo "profiler: $(curl -s localhost:18091/actuator/trace-spans/profiler)"
