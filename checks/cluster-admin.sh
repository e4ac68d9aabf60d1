#!/bin/bash
# redis-cli's cluster manager against the standalone jar's --bare nodes, checked step by step: bare
# nodes, --cluster create, add-node as a replica (synced), CLUSTER REPLICATE, CLIENT PAUSE WRITE,
# rebalance and del-node, --cluster check, then a master's SHUTDOWN NOSAVE failed over.
# Run from the project root: bash checks/cluster-admin.sh   (SKIP_BUILD=1 reuses the jar)
# Needs redis-cli (Debian: redis-tools). Uses ports 32001-32008 and their bus ports 42001-42008;
# prints "N passed, M failed". Every wait polls up to a deadline.
set -u
command -v redis-cli >/dev/null || { echo "redis-cli missing: apt-get install -y redis-tools"; exit 1; }
[ -f pom.xml ] && [ -d embedded-cluster ] || { echo "run from the project root"; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests install >/tmp/cluster-admin-build.log 2>&1 || { echo "build failed: /tmp/cluster-admin-build.log"; exit 1; }
fi
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
jar=embedded-cluster/target/embedded-cluster-${version}.jar
[ -f "$jar" ] || { echo "no $jar (build it, or run without SKIP_BUILD=1)"; exit 1; }

PORTS=(32001 32002 32003 32004 32005 32006 32007 32008)
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "${PORTS[@]}"; do
  for q in "$p" $((p + 10000)); do
    listening "$q" && { echo "port $q is already in use: stop what listens there (ss -ltnp 'sport = :$q')"; exit 1; }
  done
done

tmp=$(mktemp -d /tmp/cluster-admin.XXXXXX)
log=/tmp/cluster-admin-cluster.log
java -jar "$jar" --port 32001 --masters 4 --replicas 1 --bare >"$log" 2>&1 &
pid=$!
bg=""
trap 'kill $pid $bg 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT

# poll DEADLINE_S CMD...: true as soon as CMD succeeds, false once DEADLINE_S seconds have passed.
poll() { local end=$((SECONDS + $1)); shift; until "$@"; do ((SECONDS < end)) || return 1; sleep 0.1; done; }
cli() { local p=$1; shift; redis-cli -p "$p" "$@" 2>&1 | tr -d '\r'; }
all_up() { for p in "${PORTS[@]}"; do [ "$(cli "$p" ping)" = PONG ] || return 1; done; }
up_or_exited() { ! kill -0 $pid 2>/dev/null || all_up; }
poll 60 up_or_exited && kill -0 $pid 2>/dev/null || {
  if kill -0 $pid 2>/dev/null; then echo "nodes on 32001-32008 not all answering PING within 60 s:"
  else wait $pid; echo "the jar exited with status $? (1: a port in use) before its nodes answered:"; fi
  tail -5 "$log"; exit 1; }

PASS=0; FAIL=0
check() { local name=$1; shift; if "$@"; then PASS=$((PASS+1)); echo "ok:   $name"; else FAIL=$((FAIL+1)); echo "FAIL: $name"; return 1; fi; }
has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qE -- "$2" "$1"; }
info_field() { cli "$1" cluster info | sed -n "s/^$2://p"; }
state_ok() { for p in "$@"; do [ "$(info_field "$p" cluster_state)" = ok ] || return 1; done; }
myid() { cli "$1" cluster myid; }
# slave_of PORT MASTER_PORT: ROLE says a connected replica of MASTER_PORT, and DBSIZE equals the master's (> 0).
slave_of() {
  [ "$(cli "$1" role | head -4 | tr '\n' ' ')" = "slave 127.0.0.1 $2 connected " ] || return 1
  local m; m=$(cli "$2" dbsize); [ "$m" -gt 0 ] 2>/dev/null && [ "$(cli "$1" dbsize)" = "$m" ]
}
# own_slots PORT: the slots the node serves, per its own CLUSTER NODES (open-slot markers left out).
own_slots() { cli "$1" cluster nodes | awk '/myself/ {for (i = 9; i <= NF; i++) if ($i !~ /^\[/) printf "%s ", $i}'; }
# settled: redis-cli --cluster check finds every node agreeing, no open slot and no error (real nodes
# get there by gossip; each step waits for it, as an operator would, before the next change).
settled() { redis-cli --cluster check 127.0.0.1:32001 >"$tmp/settle.out" 2>&1; has "$tmp/settle.out" "[OK] All nodes agree about slots configuration." && hasnt "$tmp/settle.out" '\[(ERR|WARNING)\]'; }
alone() { [ "$(info_field "$1" cluster_known_nodes)" = 1 ] && [ "$(cli "$1" cluster nodes | grep -c .)" = 1 ]; }

# 1. Bare nodes.
bare() {
  for p in "${PORTS[@]}"; do
    [ "$(info_field "$p" cluster_state)" = fail ] && alone "$p" && cli "$p" cluster nodes | grep -q ' myself,master ' || return 1
  done
}
check "1. 8 bare nodes: cluster_state:fail, cluster_known_nodes:1, one CLUSTER NODES line myself,master" bare

# 2. --cluster create of the first six.
redis-cli --cluster create 127.0.0.1:32001 127.0.0.1:32002 127.0.0.1:32003 127.0.0.1:32004 127.0.0.1:32005 127.0.0.1:32006 \
  --cluster-replicas 1 --cluster-yes >"$tmp/create.out" 2>&1
check "2. --cluster create: [OK] All nodes agree about slots configuration." has "$tmp/create.out" "[OK] All nodes agree about slots configuration."
check "2. --cluster create: [OK] All 16384 slots covered." has "$tmp/create.out" "[OK] All 16384 slots covered."
check "2. cluster_state:ok on the 6 nodes" poll 15 state_ok 32001 32002 32003 32004 32005 32006
# The masters, by port.
nodes=$(cli 32001 cluster nodes)
mapfile -t MASTERS < <(echo "$nodes" | awk '$3 ~ /master/ && $9 != "" {split($2, a, "[:@]"); print a[2]}' | sort -n)
check "2. 3 masters with slots" [ "${#MASTERS[@]}" = 3 ]
M1=${MASTERS[0]:-32001}; M2=${MASTERS[1]:-32002}

# 3. 200 keys through redis-cli -c (one process; it follows the MOVED redirections).
for i in $(seq 1 200); do echo "SET key:$i v$i"; done | redis-cli -c -p 32001 2>&1 | tr -d '\r' >"$tmp/set.out"
check "3. redis-cli -c writes 200 keys" [ "$(grep -cx OK "$tmp/set.out")" = 200 ]

# 4. add-node: 32007 as a master, 32008 as a replica of M1, synced.
check "4. add-node 32007: nodes agree first" poll 20 settled
redis-cli --cluster add-node 127.0.0.1:32007 127.0.0.1:32001 >"$tmp/add7.out" 2>&1
check "4. add-node 32007 as master: [OK] New node added correctly." has "$tmp/add7.out" "[OK] New node added correctly."
check "4. add-node 32007: no [ERR]" hasnt "$tmp/add7.out" '\[ERR\]'
check "4. add-node 32008: nodes agree first" poll 20 settled
redis-cli --cluster add-node 127.0.0.1:32008 127.0.0.1:32001 --cluster-slave --cluster-master-id "$(myid "$M1")" >"$tmp/add8.out" 2>&1
check "4. add-node 32008 --cluster-slave: [OK] New node added correctly." has "$tmp/add8.out" "[OK] New node added correctly."
check "4. add-node 32008: no [ERR]" hasnt "$tmp/add8.out" '\[ERR\]'
check "4. 32008: ROLE slave of $M1, connected, DBSIZE equal to its master's" poll 20 slave_of 32008 "$M1"
check "4. 8 nodes known on 32001" poll 10 eval '[ "$(info_field 32001 cluster_known_nodes)" = 8 ]'

# 5. CLUSTER REPLICATE to another master.
check "5. CLUSTER REPLICATE <id of $M2> on 32008: OK" [ "$(cli 32008 cluster replicate "$(myid "$M2")")" = OK ]
check "5. 32008: ROLE slave of $M2, connected, DBSIZE equal to its new master's" poll 20 slave_of 32008 "$M2"
check "5. CLUSTER NODES on $M1 shows 32008 a slave of $M2" poll 10 eval \
  '[ "$(cli "$M1" cluster nodes | awk "/:32008@/ {print \$3, \$4}")" = "slave $(myid "$M2")" ]'

# 6. CLIENT PAUSE WRITE on M1: a read answered at once, a write held until the pause ends.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
key=$(cli "$M1" randomkey)
val=$(cli "$M1" get "$key")
check "6. a key on $M1 ($key=$val)" eval '[ -n "$key" ] && [ -n "$val" ]'
t0=$(now_ms)
check "6. CLIENT PAUSE 2000 WRITE on $M1: OK" [ "$(cli "$M1" client pause 2000 write)" = OK ]
g0=$(now_ms); got=$(cli "$M1" get "$key"); g1=$(now_ms)
( s0=$(now_ms); r=$(cli "$M1" set "$key" "$val-paused"); echo "$s0 $(now_ms) $r" >"$tmp/set-paused" ) &
bg=$!
check "6. GET during the pause answered at once (in $((g1 - g0)) ms < 1000)" eval '[ "$got" = "$val" ] && [ $((g1 - g0)) -lt 1000 ]'
poll 15 test -s "$tmp/set-paused" && { wait $bg; bg=""; }
read -r s0 s1 sr <"$tmp/set-paused" 2>/dev/null || { s0=$t0; s1=$t0; sr="no reply within 15 s"; }
check "6. SET sent during the pause (at $((s0 - t0)) ms) answered OK ($sr) only after it (at $((s1 - t0)) ms, in 1950..9000)" \
  eval '[ "$sr" = OK ] && [ $((s0 - t0)) -lt 1900 ] && [ $((s1 - t0)) -ge 1950 ] && [ $((s1 - t0)) -le 9000 ]'
check "6. the held SET took effect" [ "$(cli "$M1" get "$key")" = "$val-paused" ]
val="$val-paused"

# 7. del-node 32008; rebalance onto 32007 and off it again; del-node 32007.
id7=$(myid 32007); id8=$(myid 32008)
check "7. del-node 32008: nodes agree first" poll 20 settled
redis-cli --cluster del-node 127.0.0.1:32001 "$id8" >"$tmp/del8.out" 2>&1
check "7. del-node 32008: no [ERR]" hasnt "$tmp/del8.out" '\[ERR\]'
check "7. del-node 32008: CLUSTER RESET SOFT sent" has "$tmp/del8.out" "CLUSTER RESET SOFT"
check "7. 32008 knows only itself" poll 10 alone 32008
check "7. 32001 no longer lists 32008" poll 10 eval '! cli 32001 cluster nodes | grep -q ":32008@"'
check "7. rebalance --cluster-use-empty-masters: nodes agree first" poll 20 settled
redis-cli --cluster rebalance 127.0.0.1:32001 --cluster-use-empty-masters >"$tmp/rebalance1.out" 2>&1
check "7. rebalance --cluster-use-empty-masters: no [ERR], slots moved" eval \
  '! grep -q "\[ERR\]" "$tmp/rebalance1.out" && grep -q "^Moving" "$tmp/rebalance1.out"'
check "7. 32007 serves slots and keys" poll 10 eval '[ -n "$(own_slots 32007)" ] && [ "$(cli 32007 dbsize)" -gt 0 ]'
check "7. rebalance --cluster-weight: nodes agree first" poll 20 settled
redis-cli --cluster rebalance 127.0.0.1:32001 --cluster-weight "$id7=0" >"$tmp/rebalance2.out" 2>&1
check "7. rebalance --cluster-weight <id of 32007>=0: no [ERR]" hasnt "$tmp/rebalance2.out" '\[ERR\]'
check "7. 32007 serves no slots" poll 10 eval '[ -z "$(own_slots 32007)" ]' ||
  { echo "      32007's CLUSTER NODES:"; cli 32007 cluster nodes | sed 's/^/      /'; }
check "7. del-node 32007: nodes agree first" poll 20 settled
redis-cli --cluster del-node 127.0.0.1:32001 "$id7" >"$tmp/del7.out" 2>&1
check "7. del-node 32007: no [ERR]" hasnt "$tmp/del7.out" '\[ERR\]'
check "7. del-node 32007: CLUSTER RESET SOFT sent" has "$tmp/del7.out" "CLUSTER RESET SOFT"
check "7. 32007 knows only itself" poll 10 alone 32007
check "7. 6 nodes known on 32001" poll 10 eval '[ "$(info_field 32001 cluster_known_nodes)" = 6 ]'

# 8. --cluster check.
check "8. --cluster check: nodes agree first" poll 20 settled
redis-cli --cluster check 127.0.0.1:32001 >"$tmp/check.out" 2>&1
check "8. --cluster check: agree" has "$tmp/check.out" "[OK] All nodes agree about slots configuration."
check "8. --cluster check: covered" has "$tmp/check.out" "[OK] All 16384 slots covered."
check "8. --cluster check: [OK] 200 keys in 3 masters." has "$tmp/check.out" "[OK] 200 keys in 3 masters."
check "8. --cluster check: no [ERR] or [WARNING]" hasnt "$tmp/check.out" '\[(ERR|WARNING)\]'

# 9. A master's SHUTDOWN NOSAVE, failed over within a 1 s node timeout.
ok=1; for p in 32001 32002 32003 32004 32005 32006; do [ "$(cli "$p" config set cluster-node-timeout 1000)" = OK ] || ok=0; done
check "9. CONFIG SET cluster-node-timeout 1000 on the 6 nodes" [ "$ok" = 1 ]
nodes=$(cli 32001 cluster nodes)
idD=$(myid "$M2")
slotsD=$(echo "$nodes" | awk -v id="$idD" '$1 == id {for (i = 9; i <= NF; i++) printf "%s ", $i}')
R=$(echo "$nodes" | awk -v id="$idD" '$3 ~ /slave/ && $4 == id {split($2, a, "[:@]"); print a[2]}' | head -1)
check "9. $M2 has a replica" [ -n "$R" ]
R=${R:-0}
timeout 20 redis-cli -p "$M2" shutdown nosave >"$tmp/shutdown.out" 2>&1
rc=$?
check "9. SHUTDOWN NOSAVE on $M2: redis-cli exits 0 with no reply (rc $rc)" eval '[ "$rc" = 0 ] && [ ! -s "$tmp/shutdown.out" ]'
check "9. $M2 stops listening" poll 10 eval '! listening "$M2"'
failed_over() {
  local n; n=$(cli "$M1" cluster nodes)
  [ "$(echo "$n" | awk -v id="$idD" '$1 == id {print $3}')" = master,fail ] &&
    [ "$(echo "$n" | awk -v p=":$R@" 'index($2, p) {printf "%s", $3; for (i = 9; i <= NF; i++) printf " %s", $i}')" = "master ${slotsD% }" ] &&
    [ "$(info_field "$M1" cluster_state)" = ok ]
}
t0=$SECONDS
check "9. within 15 s, $M1 shows $M2 master,fail and $R master of ${slotsD% }, cluster_state:ok" poll 15 failed_over ||
  { echo "      $M1's CLUSTER NODES:"; cli "$M1" cluster nodes | sed 's/^/      /'; cli "$M1" cluster info | grep state | sed 's/^/      /'; }
echo "      (failed over after ~$((SECONDS - t0)) s)"
check "9. cluster_state:ok on $R too" poll 10 state_ok "$R"
for i in $(seq 1 200); do echo "GET key:$i"; done | redis-cli -c -p "$M1" 2>&1 | tr -d '\r' | grep -v '^-> Redirected' >"$tmp/get.out"
for i in $(seq 1 200); do if [ "key:$i" = "$key" ]; then echo "$val"; else echo "v$i"; fi; done >"$tmp/get.expected"
check "9. all 200 keys readable through redis-cli -c from $M1" cmp -s "$tmp/get.out" "$tmp/get.expected" ||
  diff "$tmp/get.expected" "$tmp/get.out" | head -5 | sed 's/^/      /'

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
