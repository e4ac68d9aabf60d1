#!/usr/bin/env bash
# The benchmark: start-up time in a warm and in a fresh JVM, and redis-benchmark SET/GET throughput
# (--cluster, 50 clients, -P 1 and -P 16) against the standalone cluster next to a real six-node
# Redis cluster this script starts on the same machine.
#
#   ./mvnw -q -DskipTests package && bench/run.sh
#
# Needs redis-server, redis-cli and redis-benchmark (Debian: redis-server redis-tools). Uses
# 127.0.0.1 ports 31001-31006, 31101-31106 and 32101-32106. REQUESTS (default 2000000) is the
# request count with -P 1, five times that with -P 16: redis-benchmark reports its elapsed time in
# quarter seconds, so a run must last about 20 s for that rounding to stay near 1%.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls embedded-cluster/target/embedded-cluster-*-standalone.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] || { echo "no standalone jar: run ./mvnw -q -DskipTests package first"; exit 1; }
for tool in redis-server redis-cli redis-benchmark; do
  command -v $tool >/dev/null || { echo "$tool missing: apt-get install -y redis-server redis-tools"; exit 1; }
done
requests=${REQUESTS:-2000000}
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

for port in 31001 31101 "${real_ports[@]}"; do
  if redis-cli -p "$port" ping > /dev/null 2>&1; then echo "port $port is in use: stop whatever listens there"; exit 1; fi
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cluster_ok() { redis-cli -p "$1" cluster info 2>/dev/null | tr -d '\r' | grep -q '^cluster_state:ok'; }
wait_until() { # wait_until <seconds> <command...>
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do (( $(date +%s) < deadline )) || return 1; sleep 0.005; done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== Start-up"
java -cp "embedded-cluster/target/test-classes:$jar" dev.embeddedcluster.bench.StartupBenchmark 20 30

ready=(); ok=()
for run in 1 2 3 4 5; do
  t0=$(now_ms)
  java -jar "$jar" --port 31101 > "$work/fresh.log" 2>&1 &
  pid=$!
  wait_until 30 grep -q 'Cluster ready' "$work/fresh.log"
  ready+=($(( $(now_ms) - t0 )))
  wait_until 30 cluster_ok 31101
  ok+=($(( $(now_ms) - t0 )))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
printf '%-28s median %6s ms   (runs: %s)\n' "fresh JVM: 'ready' printed" "$(printf '%s\n' "${ready[@]}" | median)" "${ready[*]}"
printf '%-28s median %6s ms   (runs: %s)\n' "fresh JVM: cluster_state:ok" "$(printf '%s\n' "${ok[@]}" | median)" "${ok[*]}"

echo
echo "== A real six-node Redis cluster ($(redis-server --version | awk '{print $3}'))"
t0=$(now_ms)
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
echo "formed in $(( $(now_ms) - t0 )) ms (processes started, cluster create, every node cluster_state:ok)"

java -jar "$jar" --port 31001 > "$work/emulator.log" 2>&1 &
pids+=($!)
wait_until 30 cluster_ok 31001

bench() { # bench <port> <pipeline> -> "SET GET" requests per second; pipelines get more requests to last long enough
  redis-benchmark --cluster -h 127.0.0.1 -p "$1" -t set,get -n $(( requests * ($2 > 1 ? 5 : 1) )) -c 50 -P "$2" -q 2>/dev/null \
    | tr '\r' '\n' | awk '/^SET:/ {set=$2} /^GET:/ {get=$2} END {print set, get}'
}
echo
echo "== Throughput: redis-benchmark --cluster -t set,get -c 50, -n $requests (-P 1) and $(( requests * 5 )) (-P 16)"
echo "   requests per second, best of two rounds per side, the two sides taking turns to go first"
bench 31001 16 > /dev/null  # JIT warm-up of the emulator
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
printf '%-6s %-4s %14s %14s %8s\n' pipe cmd emulator real ratio
for pipeline in 1 16; do
  read -r real_set1 real_get1 <<< "$(bench 32101 "$pipeline")"
  read -r emu_set1 emu_get1 <<< "$(bench 31001 "$pipeline")"
  read -r emu_set2 emu_get2 <<< "$(bench 31001 "$pipeline")"
  read -r real_set2 real_get2 <<< "$(bench 32101 "$pipeline")"
  emu_set=$(best "$emu_set1" "$emu_set2"); emu_get=$(best "$emu_get1" "$emu_get2")
  real_set=$(best "$real_set1" "$real_set2"); real_get=$(best "$real_get1" "$real_get2")
  awk -v p="-P $pipeline" -v es="$emu_set" -v eg="$emu_get" -v rs="$real_set" -v rg="$real_get" 'BEGIN {
    printf "%-6s %-4s %14.0f %14.0f %8.2f\n", p, "SET", es, rs, es / rs
    printf "%-6s %-4s %14.0f %14.0f %8.2f\n", p, "GET", eg, rg, eg / rg }'
done
