#!/usr/bin/env bash
# Throughput per command: redis-benchmark --cluster -c 50 at -P 1 and -P 16 against two running
# clusters (the emulator and a real Redis cluster), in interleaved rounds, and a `redis-cli --pipe`
# load of 1M SETs. Called by bench/run.sh, which starts both clusters:
#
#   bench/commands.sh <emulator port> <real Redis port> <results.tsv>
#
# Prints a table (ratio = emulator / real; above 1 the emulator is faster) and writes the ratios
# to results.tsv for bench/chart.py. BENCH_QUICK=1 shortens every run (for development: a test of
# under a second carries redis-benchmark's quarter-second rounding of its elapsed time, up to 25%
# of a rate); ROUNDS (default 3) sets the rounds per side; REQUESTS_P1 and REQUESTS_P16 override
# the request counts of one test.
set -euo pipefail
emu_port=$1 real_port=$2 out=$3
cd "$(dirname "$0")/.."
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  n1=${REQUESTS_P1:-50000} n16=${REQUESTS_P16:-250000} pipe_keys=${PIPE_KEYS:-200000}
else
  n1=${REQUESTS_P1:-1000000} n16=${REQUESTS_P16:-5000000} pipe_keys=${PIPE_KEYS:-1000000}
fi
rounds=${ROUNDS:-3}
builtin_tests=set,get,spop,zadd,zpopmin,hset,incr,mset,lpush,rpop,sadd,lrange_100
order=(SET GET INCR MSET SPOP SADD HSET ZADD ZPOPMIN LPUSH RPOP LRANGE_100 XADD EVALSHA PUBLISH)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

masters() { # masters <port>: the ports of the masters of that node's cluster
  redis-cli -p "$1" cluster nodes | tr -d '\r' | awk '$3 ~ /master/ && $3 !~ /fail/ { split($2, a, "[:@]"); print a[2] }'
}
flush_masters() { local port; for port in $(masters "$1"); do redis-cli -p "$port" flushall > /dev/null; done; }
script='return redis.call("SET", KEYS[1], ARGV[1])'
load_script() { # load_script <port>: loads the EVALSHA script on every node, prints its SHA1
  local port sha
  for port in $(redis-cli -p "$1" cluster nodes | tr -d '\r' | awk '$3 !~ /fail/ { split($2, a, "[:@]"); print a[2] }'); do
    sha=$(redis-cli -p "$port" script load "$script" | tr -d '\r')
  done
  echo "$sha"
}
sha=$(load_script "$emu_port")
[ "$sha" = "$(load_script "$real_port")" ] || { echo "SCRIPT LOAD gave different SHA1s"; exit 1; }

# rps <port> <pipeline> <requests> [command...]: "NAME requests/s" lines, for the built-in tests
# without a command. The LPUSH that fills the list for LRANGE is left out.
rps() {
  local port=$1 pipeline=$2 requests=$3; shift 3
  local tests=(); [ $# -gt 0 ] || tests=(-t "$builtin_tests")
  redis-benchmark --cluster -h 127.0.0.1 -p "$port" -c 50 -P "$pipeline" -n "$requests" -q "${tests[@]}" "$@" 2>/dev/null \
    | tr '\r' '\n' | awk -F': ' '/requests per second/ && !/needed to benchmark/ {
        split($1, name, " "); split($NF, rate, " "); n = name[1]; if (n ~ /^LRANGE_100/) n = "LRANGE_100"
        print n, rate[1] }'
}
round() { # round <side> <port> <pipeline> <requests>: one pass over every command on one side
  local side=$1 port=$2 pipeline=$3 requests=$4
  flush_masters "$port"
  {
    rps "$port" "$pipeline" "$requests"
    rps "$port" "$pipeline" "$requests" XADD 'stream:{tag}' '*' field value
    rps "$port" "$pipeline" "$requests" EVALSHA "$sha" 1 'key:{tag}:__rand_int__' value
    rps "$port" "$pipeline" "$requests" PUBLISH channel message
  } | awk -v s="$side" -v p="$pipeline" '{ print s, p, $1, $2 }'
}

echo "== Throughput per command: redis-benchmark --cluster -c 50, -n $n1 (-P 1) and $n16 (-P 16)"
echo "   $rounds rounds per side, the two sides taking turns; best round per side, ratio = emulator / real"
round emu "$emu_port" 16 "$(( n16 / 5 ))" > /dev/null  # JIT warm-up of the emulator
for pipeline in 1 16; do
  requests=$([ "$pipeline" = 1 ] && echo "$n1" || echo "$n16")
  for (( r = 0; r < rounds; r++ )); do
    if (( r % 2 == 0 )); then sides=(emu real); else sides=(real emu); fi
    for side in "${sides[@]}"; do
      port=$([ "$side" = emu ] && echo "$emu_port" || echo "$real_port")
      round "$side" "$port" "$pipeline" "$requests" >> "$work/rates"
    done
  done
done

# redis-cli --pipe: SETs whose keys share one hash tag, sent to the master that holds its slot.
slot0_master() { redis-cli -p "$1" cluster nodes | tr -d '\r' | awk '$3 ~ /master/ && $9 ~ /^0-/ { split($2, a, "[:@]"); print a[2] }'; }
awk -v n="$pipe_keys" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:{06S}:%07d", i)
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\nvalue:%010d\r\n", length(k), k, i } }' > "$work/pipe.resp"
pipe_seconds() { # pipe_seconds <port>
  local master t0 t1
  master=$(slot0_master "$1")
  flush_masters "$1"
  t0=${EPOCHREALTIME/./}
  redis-cli -p "$master" --pipe < "$work/pipe.resp" > "$work/pipe.log" 2>&1 || { cat "$work/pipe.log"; exit 1; }
  t1=${EPOCHREALTIME/./}
  grep -q "errors: 0, replies: $pipe_keys" "$work/pipe.log" || { echo "redis-cli --pipe on $master:"; cat "$work/pipe.log"; exit 1; }
  awk -v d="$(( t1 - t0 ))" 'BEGIN { printf "%.3f", d / 1e6 }'
}
pipe_seconds "$emu_port" > /dev/null  # warm-up
for (( r = 0; r < rounds; r++ )); do
  if (( r % 2 == 0 )); then sides=(emu real); else sides=(real emu); fi
  for side in "${sides[@]}"; do
    port=$([ "$side" = emu ] && echo "$emu_port" || echo "$real_port")
    echo "$side pipe PIPE_SET $(awk -v s="$(pipe_seconds "$port")" -v n="$pipe_keys" 'BEGIN { printf "%.0f", n / s }')" >> "$work/rates"
  done
done
flush_masters "$emu_port"; flush_masters "$real_port"

# Best and spread ((best - worst) / best) per side; one row per command.
awk -v order="${order[*]} PIPE_SET" -v out="$out" '
  { key = $1 SUBSEP $2 SUBSEP $3
    if (!(key in best) || $4 > best[key]) best[key] = $4
    if (!(key in worst) || $4 < worst[key]) worst[key] = $4 }
  function spread(side, p, c) { k = side SUBSEP p SUBSEP c; return best[k] ? (best[k] - worst[k]) / best[k] * 100 : 0 }
  function ratio(p, c) { e = best["emu" SUBSEP p SUBSEP c]; r = best["real" SUBSEP p SUBSEP c]; return r ? e / r : 0 }
  END {
    printf "%-11s %7s %7s %11s %11s %11s %11s   %s\n", "command", "-P1", "-P16", "emu -P1", "real -P1", "emu -P16", "real -P16", "spread emu/real -P1, -P16"
    print "command\tp1_ratio\tp16_ratio" > out
    n = split(order, cmds, " ")
    for (i = 1; i <= n; i++) {
      c = cmds[i]
      if (c == "PIPE_SET") continue
      printf "%-11s %7.2f %7.2f %11.0f %11.0f %11.0f %11.0f   %3.0f%%/%3.0f%%, %3.0f%%/%3.0f%%\n", c, ratio(1, c), ratio(16, c),
        best["emu" SUBSEP 1 SUBSEP c], best["real" SUBSEP 1 SUBSEP c], best["emu" SUBSEP 16 SUBSEP c], best["real" SUBSEP 16 SUBSEP c],
        spread("emu", 1, c), spread("real", 1, c), spread("emu", 16, c), spread("real", 16, c)
      printf "%s\t%.3f\t%.3f\n", c, ratio(1, c), ratio(16, c) > out
      for (p = 1; p <= 16; p += 15) for (s = 0; s < 2; s++) {
        v = spread(s ? "real" : "emu", p, c); if (v > noise) noise = v }
    }
    c = "PIPE_SET"
    printf "\nredis-cli --pipe, %s SETs to one master: emulator %.0f/s, real %.0f/s, ratio %.2f (spread emu/real %.0f%%/%.0f%%)\n",
      '"$pipe_keys"', best["emu" SUBSEP "pipe" SUBSEP c], best["real" SUBSEP "pipe" SUBSEP c], ratio("pipe", c),
      spread("emu", "pipe", c), spread("real", "pipe", c)
    printf "--pipe\t%.3f\t\n", ratio("pipe", c) > out
    printf "noise: the largest spread between rounds of one side is %.0f%%; a ratio within that of 1.0 is a tie\n", noise
  }' "$work/rates"
