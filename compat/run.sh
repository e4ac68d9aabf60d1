#!/usr/bin/env bash
# The consumer matrix: builds and tests each small project under compat/ with Maven, through the
# repository's own wrapper, on each JDK listed below. The projects are not modules of the reactor:
# they resolve dev.embeddedcluster:junit-extension 0.1.0-SNAPSHOT (and through it embedded-cluster)
# from the local Maven repository exactly as a user's build would, so run `./mvnw install` from the
# repository root first.
#
# Prints one line per project and JDK, then a last line "N passed, M failed" (what CI reads), and
# exits non-zero if anything failed. Each run's full Maven log is kept in compat/target/logs/.
#
# JDK17_HOME and JDK25_HOME choose the JDKs (defaults: the `java` on the PATH, and
# /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail

compat="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$compat")"
logs="$compat/target/logs"
mkdir -p "$logs"

jdk17="${JDK17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

# project and JDK, one run each
matrix=(
  "redisson3-junit5 17"
  "redisson3-junit5 25"
  "redisson4-junit6 17"
  "redisson4-junit6 25"
  "boot3-lettuce6 17"
  "boot3-lettuce6 25"
  "boot4-lettuce7 17"
  "boot4-lettuce7 25"
)

# What the dependency tree lists under junit-extension besides embedded-cluster: nothing, when the
# extension brings no JUnit, Netty, luaj or anything else of its own. A missing junit-extension
# is reported too.
extension_extras() {
  local tree=$1
  grep -q 'dev\.embeddedcluster:junit-extension:' "$tree" || { echo "no junit-extension in the tree"; return; }
  awk '
    { match($0, /[A-Za-z]/); column = RSTART }   # where the artifact starts: its depth
    under && column <= depth { under = 0 }
    under && $0 !~ /dev\.embeddedcluster:embedded-cluster:/ { print substr($0, column) }
    /dev\.embeddedcluster:junit-extension:/ { under = 1; depth = column }
  ' "$tree"
}

passed=0
failed=0
started=$SECONDS

for entry in "${matrix[@]}"; do
  read -r project jdk <<<"$entry"
  java_home_var="jdk$jdk"
  java_home="${!java_home_var}"
  log="$logs/$project-jdk$jdk.log"
  tree="$compat/$project/target/dependency-tree.txt"
  run_started=$SECONDS
  : >"$log"   # no stale result from an earlier run

  problem=""
  if [[ ! -x "$java_home/bin/java" ]]; then
    problem="no JDK $jdk at $java_home"
  elif ! JAVA_HOME="$java_home" timeout --kill-after=30 900 \
      "$root/mvnw" -B -ntp -Dstyle.color=never -f "$compat/$project/pom.xml" \
      clean dependency:tree -DoutputFile="$tree" test >"$log" 2>&1; then
    problem="Maven failed, see $log"
  else
    extras="$(extension_extras "$tree")"
    if [[ -n "$extras" ]]; then
      problem="junit-extension brings more than embedded-cluster: $(echo $extras)"
    fi
  fi

  tests="$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, ' "$log" 2>/dev/null | tail -1 | sed -E 's/^\[[A-Z]+\] //' || true)"
  ran_on="$(grep -ho '<property name="java.version" value="[^"]*"' "$compat/$project"/target/surefire-reports/TEST-*.xml 2>/dev/null \
            | head -1 | sed -E 's/.*value="([^"]*)"/\1/' || true)"
  took=$((SECONDS - run_started))
  if [[ -z "$problem" ]]; then
    passed=$((passed + 1))
    printf 'PASS  %-17s JDK %-2s  %3ss  java %s; %s\n' "$project" "$jdk" "$took" "$ran_on" "$tests"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-17s JDK %-2s  %3ss  %s%s\n' "$project" "$jdk" "$took" "$problem" "${tests:+; $tests}"
    grep -E '^\[ERROR\]' "$log" 2>/dev/null | head -15 | sed 's/^/      /' || true
  fi
done

echo "The matrix took $((SECONDS - started))s."
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
