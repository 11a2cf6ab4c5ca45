#!/usr/bin/env bash
# Request latency of a real application, Spring PetClinic with the starter, with trace profiles
# on and off: both jars run side by side, are warmed up with 3,000 requests each, then measured
# in interleaved batches of 500 requests (the order alternating each round); each batch's median
# latency is taken, and the ratio on/off per round. Ends with what the profiler took in, kept and
# dropped. Also the CPU time each copy's process took per request (all its threads, the recorder's
# included, from /proc): steadier than latency on a shared machine. Run as a separate step, never by
# verify (about 3-5 minutes).
# Usage: benchmarks/petclinic-profile-latency.sh PETCLINIC_WITH_STARTER.jar [ROUNDS] [more arguments of the jar
# with profiles on, such as --trace.profile.sample-period=100ms]
# PROFILED=false runs the first copy with profiles off too (a control: both copies alike);
# PROFILED_JVM_ARGS gives it JVM options (such as -XX:StartFlightRecording:settings=FILE.jfc).
# PIN_JVMS and PIN_LOAD prefix the two copies and the load generator (such as "taskset -c 1" and
# "taskset -c 0": the copies on one core, the load on the other). WARMUP sets the requests each copy
# is warmed up with (3,000 by default).
set -euo pipefail
jar=$1
rounds=${2:-10}
shift $(( $# < 2 ? $# : 2 ))
start() {
  local port=$1 enabled=$2
  shift 2
  local jvm=""
  [ "$port" = 18091 ] && jvm="${PROFILED_JVM_ARGS:-}"
  # shellcheck disable=SC2086
  ${PIN_JVMS:-} java $jvm -Xms512m -Xmx512m -jar "$jar" --server.port="$port" --management.endpoints.web.exposure.include=health,trace-spans \
    --trace.profile.enabled="$enabled" "$@" >"/tmp/petclinic-profile-$enabled.log" 2>&1 &
  echo $!
}
on=$(start 18091 "${PROFILED:-true}" "$@")
off=$(start 18092 false)
trap 'kill $on $off 2>/dev/null || true' EXIT
for port in 18091 18092; do
  for _ in $(seq 1 90); do curl -sf "localhost:$port/" >/dev/null && break; sleep 1; done
done
${PIN_LOAD:-} python3 - "$rounds" "$on" "$off" "${WARMUP:-3000}" <<'PY'
import http.client, json, os, statistics, sys, time
rounds = int(sys.argv[1])
pids = {18091: sys.argv[2], 18092: sys.argv[3]}
def threads_ms(port):
    # CPU per kind of thread (the name with its digits as #), all of the process's threads.
    groups = {}
    task = '/proc/%s/task' % pids[port]
    for tid in os.listdir(task):
        try:
            stat = open('%s/%s/stat' % (task, tid)).read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat.rsplit(')', 1)[1].split()
        kind = ''.join('#' if c.isdigit() else c for c in name)
        groups[kind] = groups.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf('SC_CLK_TCK')
    return groups
def cpu_ms(port):
    fields = open('/proc/%s/stat' % pids[port]).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf('SC_CLK_TCK')
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
    batch(port, int(sys.argv[4]))
ratios, ons, offs = [], [], []
# Over the whole measured phase: what a copy's threads do while the other copy is measured counts too.
cpu = {port: -cpu_ms(port) for port in pids}
threads = {port: threads_ms(port) for port in pids}
def profiler():
    connection = http.client.HTTPConnection('localhost', 18091)
    connection.request('GET', '/actuator/trace-spans/profiler')
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return json.loads(body) if response.status == 200 else None
events, began = profiler(), time.monotonic()
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
cpu = {port: cpu[port] + cpu_ms(port) for port in pids}
for port, label in ((18091, 'on'), (18092, 'off')):
    # Threads that ended during the phase are missing here (their time is in the process total).
    after = threads_ms(port)
    spent = sorted(((after[kind] - threads[port].get(kind, 0.0), kind) for kind in after), reverse=True)
    print('CPU by thread while measured, %s: %s' % (label, ', '.join('%s %.0f ms' % (kind, ms) for ms, kind in spent[:8] if ms > 0)))
requests = 500.0 * rounds
print('process CPU per request: on %.3f ms, off %.3f ms; on/off %.3fx' % (
    cpu[18091] / requests, cpu[18092] / requests, cpu[18091] / cpu[18092]))
if events is not None:
    after, seconds = profiler(), time.monotonic() - began
    print('profiler events per second while measured: seen %.1f, kept %.1f, dropped %.1f (%.0f s)' % tuple(
        [(after[key] - events[key]) / seconds for key in ('events_seen', 'events_kept', 'events_dropped')] + [seconds]))
PY
echo "profiler: $(curl -s localhost:18091/actuator/trace-spans/profiler)"
