# bench/run --part auth, sourced by bench/run (uses its settings and functions).
#
# The authentication and authorization flow vs pass-through
# (docs/architecture.md "What is measured"): one element, one upstream, one wrk script
# sending the Basic credentials of the directory's users in turn. Paths under /cached/ go through
# authenticate (LDAP, results cached) -> authorize (rule) -> identity-assertion; paths under
# /uncached/ through the same steps with the LDAP cache off (a bind and the group searches per
# request: what a cache miss costs); paths under /open/ are claimed by no message type and take
# the pass-through fast path. Every figure comes from the same element in the same run.

LDAP_FIXTURE="$ROOT/bench/ldap-fixture"
DIRECTORY_BASE="dc=bench,dc=example"

# Starts bench/ldap-fixture's directory with the given number of users; sets DIRECTORY_PORT and
# DIRECTORY_PID.
start_directory() { # users
  if [[ ! -f "$LDAP_FIXTURE/target/ldap-fixture.jar" ]]; then
    echo "building bench/ldap-fixture ..." >&2
    (cd "$ROOT" && mvn -B -q -o -DskipTests install -pl bench/ldap-fixture -am)
  fi
  local port_file="$WORK/directory.port" teams=$(( $1 < 10 ? $1 : 10 )) deadline=$(( $(date +%s) + 60 ))
  java -cp "$LDAP_FIXTURE/target/ldap-fixture.jar:$LDAP_FIXTURE/target/lib/*" org.gatehouse.bench.ldap.fixture.BenchDirectory \
    --users "$1" --teams "$teams" --port-file "$port_file" > "$WORK/directory.log" 2>&1 &
  DIRECTORY_PID=$!
  PIDS+=("$DIRECTORY_PID")
  until [[ -s "$port_file" ]]; do
    if (( $(date +%s) > deadline )) || ! kill -0 "$DIRECTORY_PID" 2>/dev/null; then
      echo "the bench directory did not start; its log:" >&2; cat "$WORK/directory.log" >&2; exit 1
    fi
    sleep 0.1
  done
  DIRECTORY_PORT=$(cat "$port_file")
}

# The Basic credentials of user<i> (password pw-<i>-bench, as bench/ldap-fixture's DirectoryLayout).
basic_credentials() { # index [password]
  printf 'Basic %s' "$(printf 'user%d:%s' "$1" "${2:-pw-$1-bench}" | base64 -w0)"
}

# A wrk script that sends the users' credentials in turn, one user per request.
write_users_script() { # users file
  {
    echo '-- the bench users'"'"' Basic credentials, one per request in turn'
    echo 'local credentials = {'
    local index
    for (( index = 0; index < $1; index++ )); do printf '  "%s",\n' "$(basic_credentials "$index")"; done
    echo '}'
    echo 'local sent = 0'
    echo 'request = function()'
    echo '  sent = sent + 1'
    echo '  wrk.headers["Authorization"] = credentials[(sent % #credentials) + 1]'
    echo '  return wrk.format(nil, nil)'
    echo 'end'
  } > "$2"
}

# The flows document: /cached/ and /uncached/ through authenticate -> authorize -> identity-assertion.
write_auth_flows() { # conf-folder directory-port
  local method cache_ttl
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<flows xmlns="urn:gatehouse:flows:1">'
    for method in cached uncached; do
      cache_ttl=$([[ $method == cached ]] && echo 10m || echo 0s)
      cat <<XML
  <authenticator name="directory-$method" bladelet="ldap">
    <param name="server" value="127.0.0.1:$2"/>
    <param name="user-dn-template" value="uid={user},ou=people,$DIRECTORY_BASE"/>
    <param name="group-base" value="ou=groups,$DIRECTORY_BASE"/>
    <param name="cache-ttl" value="$cache_ttl"/>
    <param name="negative-cache-ttl" value="$cache_ttl"/>
  </authenticator>
XML
    done
    cat <<'XML'
  <authorizer name="bench-users-read" bladelet="rule">
    <param name="expression" value='"bench-users" in groups and method in ["GET", "HEAD"]'/>
  </authorizer>
XML
    for method in cached uncached; do
      cat <<XML
  <message-type name="$method" flow="authn-authz-$method">
    <match path-prefix="/$method/"/>
    <credentials><basic/></credentials>
  </message-type>
XML
    done
    for method in cached uncached; do
      cat <<XML
  <flow name="authn-authz-$method">
    <step bladelet="authenticate"><param name="method" value="directory-$method"/></step>
    <step bladelet="authorize"><param name="method" value="bench-users-read"/></step>
    <step bladelet="identity-assertion"/>
  </flow>
XML
    done
    echo '</flows>'
  } > "$1/flows.xml"
}

# Proves the flow decides before anything is measured: a figure of 401s is worthless.
check_auth_answers() { # base-url users
  local last=$(( $2 - 1 )) path
  for path in cached uncached; do
    expect_status "$path: a bench user's password" "$1/$path/x" 200 -H "Authorization: $(basic_credentials "$last")"
    expect_status "$path: a wrong password" "$1/$path/x" 401 -H "Authorization: $(basic_credentials "$last" wrong)"
    expect_status "$path: no credentials" "$1/$path/x" 401
    expect_status "$path: an unknown user" "$1/$path/x" 401 -H "Authorization: $(basic_credentials "$2")"
    expect_status "$path: a method the rule refuses" "$1/$path/x" 403 -X POST -H "Authorization: $(basic_credentials 0)"
  done
  expect_status "cached: the upstream's answer reaches the client" "$1/cached/x" 200 -H "Authorization: $(basic_credentials 0)"
  if ! grep -q '^hello from upstream' "$WORK/expect.body"; then
    echo "bench/run: CHECK FAILED: /cached/ answered 200 without the upstream's body" >&2; exit 1
  fi
  expect_status "open: pass-through with the same header" "$1/open/x" 200 -H "Authorization: $(basic_credentials 0)"
}

run_auth() {
  need_packages
  prepare_distribution
  if (( USERS < 1 )); then echo "bench/run: --users must be at least 1" >&2; exit 2; fi
  start_upstream upstream-auth
  start_directory "$USERS"
  local conf="$WORK/conf-auth" script="$WORK/users.lua"
  mkdir -p "$conf"
  write_auth_flows "$conf" "$DIRECTORY_PORT"
  write_users_script "$USERS" "$script"
  start_gatehouse auth "$DIST" "$UPSTREAM_PORT" "$conf"
  local base="http://127.0.0.1:$GATEHOUSE_PORT" java_pid="$GATEHOUSE_JAVA_PID"
  if ! wait_for_status "$base/cached/x" 401 60; then
    echo "the flows document was not put in force; the element's log:" >&2
    grep -v 'level=debug' "$GATEHOUSE_HOME/console.log" | tail -30 >&2; exit 1
  fi
  check_auth_answers "$base" "$USERS"

  echo "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s per figure, $USERS users' Basic credentials in turn" \
       "on every path; Gatehouse warm-up ${JVM_WARMUP}s; $(machine)" >&2
  WRK_EXTRA=(-s "$script")
  # the JIT warms up on the whole authn+authz path, which includes the proxying; every user is
  # then in the cache
  warm_up "$base/cached/x" "$JVM_WARMUP"
  read -r P_RPS P_P50 P_P99 P_ERR P_CPU < <(measure "$base/open/x" "$WARMUP" "$java_pid")
  read -r A_RPS A_P50 A_P99 A_ERR A_CPU < <(measure "$base/cached/x" "$WARMUP" "$java_pid")
  local directory_before directory_after
  warm_up "$base/uncached/x" "$WARMUP"
  directory_before=$(cpu_ticks "$DIRECTORY_PID")
  read -r U_RPS U_P50 U_P99 U_ERR U_CPU < <(wrk_once "$base/uncached/x" "$DURATION" "$java_pid")
  directory_after=$(cpu_ticks "$DIRECTORY_PID")
  WRK_EXTRA=()
  stop_gatehouse

  printf '\n'; row "authn+authz vs pass-through (same element)" "requests/s" "p50 ms" "p99 ms" "failed" "CPU us/req"
  row "pass-through (/open/)" "$P_RPS" "$P_P50" "$P_P99" "$P_ERR" "$P_CPU"
  row "authn+authz, LDAP cache warm (/cached/)" "$A_RPS" "$A_P50" "$A_P99" "$A_ERR" "$A_CPU"
  row "authn+authz, LDAP cache off (/uncached/)" "$U_RPS" "$U_P50" "$U_P99" "$U_ERR" "$U_CPU"
  awk -v ar="$A_RPS" -v pr="$P_RPS" -v a50="$A_P50" -v p50="$P_P50" -v a99="$A_P99" -v p99="$P_P99" \
      -v ac="$A_CPU" -v pc="$P_CPU" -v ur="$U_RPS" -v uc="$U_CPU" \
      -v dcpu=$(( (directory_after - directory_before) * TICK_US )) -v ureq=$(( ${U_RPS%.*} * DURATION )) 'BEGIN {
    printf "\nauthn+authz / pass-through, requests/s     %.2f\n", (pr > 0 ? ar / pr : 0)
    printf "authn+authz / pass-through, p50           %.2f\n", (p50 > 0 ? a50 / p50 : 0)
    printf "authn+authz / pass-through, p99           %.2f\n", (p99 > 0 ? a99 / p99 : 0)
    printf "authn+authz / pass-through, CPU per req   %.2f  (+%.1f us per request)\n", (pc > 0 ? ac / pc : 0), ac - pc
    printf "cache off / pass-through, requests/s      %.2f\n", (pr > 0 ? ur / pr : 0)
    printf "cache off / pass-through, CPU per req     %.2f  (the directory: %.1f us per request)\n",
      (pc > 0 ? uc / pc : 0), (ureq > 0 ? dcpu / ureq : 0) }'
  echo "machine after the auth part: $(machine)" >&2
  if (( A_ERR + U_ERR + P_ERR > 0 )); then
    echo "bench/run: CHECK FAILED: failed requests in the auth part (see the failed column)" >&2; exit 1
  fi
}
