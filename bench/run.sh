#!/usr/bin/env bash
# The benchmark: start-up time in a warm and in a fresh JVM, redis-benchmark SET/GET throughput and
# server CPU per request (--cluster, 50 clients, -P 1 and -P 16) against the standalone cluster next
# to a real six-node Redis cluster this script starts on the same machine, then the throughput of
# fifteen commands and of a redis-cli --pipe load (bench/commands.sh), memory per element
# (MemoryBenchmark) and a chart of those ratios (bench/chart.py, into docs/bench/ratios.svg or $CHART).
#
#   ./mvnw -q -DskipTests package && bench/run.sh
#
# BENCH_QUICK=1 shortens every part, for development (noisier figures).
# Needs redis-server, redis-cli, redis-benchmark (Debian: redis-server redis-tools) and python3. Uses
# 127.0.0.1 ports 31001-31006, 31101-31106, 32101-32106 and 32201. REQUESTS (default 2000000) is the
# request count with -P 1, five times that with -P 16: redis-benchmark reports its elapsed time in
# quarter seconds, so a run must last about 20 s for that rounding to stay near 1%.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls embedded-cluster/target/embedded-cluster-*.jar 2>/dev/null | grep -vE -- "-(sources|javadoc)\.jar$" | head -1 || true)
[ -n "$jar" ] || { echo "no embedded-cluster jar: run ./mvnw -q -DskipTests package first"; exit 1; }
for tool in redis-server redis-cli redis-benchmark; do
  command -v $tool >/dev/null || { echo "$tool missing: apt-get install -y redis-server redis-tools"; exit 1; }
done
command -v python3 >/dev/null || { echo "python3 missing (it draws the chart): apt-get install -y python3"; exit 1; }
quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then
  requests=${REQUESTS:-200000} warmups=5 runs=10 fault_runs=5 fresh_runs=2
  memory_sizes=(200000 20000)
else
  requests=${REQUESTS:-2000000} warmups=20 runs=30 fault_runs=15 fresh_runs=5
  memory_sizes=(1000000 100000)
fi
chart=${CHART:-docs/bench/ratios.svg}
started=$(date +%s) load_at_start=$(cut -d' ' -f1 /proc/loadavg)
work=$(mktemp -d)
pids=()
real_ports=(32101 32102 32103 32104 32105 32106)
cleanup() {
  for port in "${real_ports[@]}"; do redis-cli -p "$port" shutdown nosave > /dev/null 2>&1 || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for port in 31001 31101 32201 "${real_ports[@]}"; do
  if redis-cli -p "$port" ping > /dev/null 2>&1; then echo "port $port is in use: stop whatever listens there"; exit 1; fi
done

cluster_ok() { redis-cli -p "$1" cluster info 2>/dev/null | tr -d '\r' | grep -q '^cluster_state:ok'; }
wait_until() { # wait_until <seconds> <command...>
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do (( $(date +%s) < deadline )) || return 1; sleep 0.005; done
}
cpu_ticks() { # the user + system clock ticks the given processes have used
  local total=0 pid
  for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done
  echo "$total"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== Start-up"
java -cp "embedded-cluster/target/test-classes:$jar" dev.embeddedcluster.bench.StartupBenchmark $warmups $runs

echo "== Undoing a fault between tests (what the JUnit extension runs after a test that used one)"
java -cp "embedded-cluster/target/test-classes:$jar" dev.embeddedcluster.bench.FaultRestoreBenchmark $fault_runs

# The clock is read without forking and the 'ready' line with a blocking read: a polling loop would
# take CPU from the JVM it times, on a machine with two cores.
elapsed_ms() { echo $(( (${EPOCHREALTIME/./} - $1) / 1000 )); }
ready=(); ok=()
mkfifo "$work/fresh.out"
for (( run = 0; run < fresh_runs; run++ )); do
  t0=${EPOCHREALTIME/./}
  java -jar "$jar" --port 31101 > "$work/fresh.out" 2>&1 &
  pid=$!
  exec 3< "$work/fresh.out"
  while IFS= read -r -t 30 line <&3 && [[ $line != *'Cluster ready'* ]]; do :; done
  ready+=($(elapsed_ms "$t0"))
  wait_until 30 cluster_ok 31101
  ok+=($(elapsed_ms "$t0"))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  exec 3<&-
done
printf '%-28s median %6s ms   (runs: %s)\n' "fresh JVM: 'ready' printed" "$(printf '%s\n' "${ready[@]}" | median)" "${ready[*]}"
printf '%-28s median %6s ms   (runs: %s)\n' "fresh JVM: cluster_state:ok" "$(printf '%s\n' "${ok[@]}" | median)" "${ok[*]}"

echo
echo "== A real six-node Redis cluster ($(redis-server --version | awk '{print $3}'))"
t0=${EPOCHREALTIME/./}
for port in "${real_ports[@]}"; do
  mkdir -p "$work/$port"
  (cd "$work/$port" && exec redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 --save '' --appendonly no \
      --logfile "$work/$port/log") > /dev/null 2>&1 &
  pids+=($!)
done
for port in "${real_ports[@]}"; do wait_until 10 redis-cli -p "$port" ping > /dev/null; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${real_ports[@]}") --cluster-replicas 1 --cluster-yes > "$work/create.log" 2>&1 \
  || { echo "redis-cli --cluster create failed:"; tail -5 "$work/create.log"; exit 1; }
for port in "${real_ports[@]}"; do wait_until 30 cluster_ok "$port"; done
echo "formed in $(elapsed_ms "$t0") ms (processes started, cluster create, every node cluster_state:ok)"

real_pids=("${pids[@]}")
java -jar "$jar" --port 31001 > "$work/emulator.log" 2>&1 &
pids+=($!)
emulator_pid=$!
wait_until 30 cluster_ok 31001

bench() { # bench <port> <pipeline> -> "SET GET" requests per second; pipelines get more requests to last long enough
  redis-benchmark --cluster -h 127.0.0.1 -p "$1" -t set,get -n $(( requests * ($2 > 1 ? 5 : 1) )) -c 50 -P "$2" -q 2>/dev/null \
    | tr '\r' '\n' | awk '/^SET:/ {set=$2} /^GET:/ {get=$2} END {print set, get}'
}
echo
echo "== Throughput: redis-benchmark --cluster -t set,get -c 50, -n $requests (-P 1) and $(( requests * 5 )) (-P 16)"
echo "   requests per second, best of three rounds per side, the two sides taking turns to go first"
bench 31001 16 > /dev/null  # JIT warm-up of the emulator
cpu_per_request=()
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
printf '%-6s %-4s %14s %14s %8s\n' pipe cmd emulator real ratio
for pipeline in 1 16; do
  emu_set=0; emu_get=0; real_set=0; real_get=0; emu_ticks=0; real_ticks=0
  for side in real emu emu real real emu; do
    if [ $side = real ]; then
      before=$(cpu_ticks "${real_pids[@]}")
      read -r set get <<< "$(bench 32101 "$pipeline")"
      real_ticks=$(( real_ticks + $(cpu_ticks "${real_pids[@]}") - before ))
      real_set=$(best "$real_set" "$set"); real_get=$(best "$real_get" "$get")
    else
      before=$(cpu_ticks "$emulator_pid")
      read -r set get <<< "$(bench 31001 "$pipeline")"
      emu_ticks=$(( emu_ticks + $(cpu_ticks "$emulator_pid") - before ))
      emu_set=$(best "$emu_set" "$set"); emu_get=$(best "$emu_get" "$get")
    fi
  done
  awk -v p="-P $pipeline" -v es="$emu_set" -v eg="$emu_get" -v rs="$real_set" -v rg="$real_get" 'BEGIN {
    printf "%-6s %-4s %14.0f %14.0f %8.2f\n", p, "SET", es, rs, es / rs
    printf "%-6s %-4s %14.0f %14.0f %8.2f\n", p, "GET", eg, rg, eg / rg }'
  cpu_per_request+=("$(awk -v p="-P $pipeline" -v e="$emu_ticks" -v r="$real_ticks" -v hz="$(getconf CLK_TCK)" \
      -v n="$(( 3 * 2 * requests * (pipeline > 1 ? 5 : 1) ))" \
      'BEGIN { printf "%-6s %14.2f %14.2f %8.2f", p, e / hz / n * 1e6, r / hz / n * 1e6, e / r }')")
done
echo
echo "== Server CPU time (user + system) per request, in microseconds, over all rounds of each side"
printf '%-6s %14s %14s %8s\n' pipe emulator real ratio
printf '%s\n' "${cpu_per_request[@]}"

echo
bench/commands.sh 31001 32101 "$work/ratios.tsv"

echo
echo "== Memory per element: one emulated node (heap after full GC) and one redis-server in cluster mode (used_memory)"
java -cp "embedded-cluster/target/test-classes:$jar" dev.embeddedcluster.bench.MemoryBenchmark 32201 "$work/memory.tsv" "${memory_sizes[@]}" \
  2> "$work/memory.log" || { cat "$work/memory.log"; exit 1; }

# The chart, and its data beside it (ratios.tsv, memory.tsv) to draw it again.
mode=$([ "$quick" = 1 ] && echo "quick mode" || echo "full mode")
data_dir=$(dirname "$chart")
mkdir -p "$data_dir"
cp "$work/ratios.tsv" "$work/memory.tsv" "$data_dir/"
python3 bench/chart.py "$data_dir/ratios.tsv" "$data_dir/memory.tsv" "$chart" \
  "bench/run.sh ($mode), $(date -u +%Y-%m-%d), $(nproc) cores (load average $load_at_start at the start); best of ${ROUNDS:-3} interleaved rounds per side"
echo
echo "chart: $chart; the whole run took $(( $(date +%s) - started )) s"
