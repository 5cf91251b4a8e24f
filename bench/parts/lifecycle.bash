# bench/run --part lifecycle, sourced by bench/run (uses its settings and functions).
#
# An extension upgrade under load (docs/extensions.md "Upgrade"): the header-rewrite sample extension is a step of
# the flow of /ext/; wrk runs through it while the management API upgrades the extension to a new
# version (the same jar with another Bundle-Version), --upgrades times. Each upgrade window is
# paired with a window of the same length without upgrade, measured just before it, so the p99
# with and without an upgrade come from the same element at the same point of its warm-up.

HEADER_REWRITE="org.gatehouse.sample.header-rewrite"

# The sample jar as sample-extensions/header-rewrite's build left it; built when missing.
header_rewrite_jar() {
  local folder="$ROOT/sample-extensions/header-rewrite/target" jar
  jar=$(ls "$folder"/header-rewrite-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
  if [[ -z "$jar" ]]; then
    echo "building sample-extensions/header-rewrite ..." >&2
    (cd "$ROOT" && mvn -B -q -o -DskipTests install -pl sample-extensions/header-rewrite -am)
    jar=$(ls "$folder"/header-rewrite-*.jar | grep -v -e sources -e javadoc | head -1)
  fi
  echo "$jar"
}

# The same bundle with another Bundle-Version in its manifest: a developer's next release.
with_bundle_version() { # jar version target
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys, zipfile
source, version, target = sys.argv[1:]
with zipfile.ZipFile(source) as jar, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
    for entry in jar.infolist():
        content = jar.read(entry.filename)
        if entry.filename == "META-INF/MANIFEST.MF":
            content, count = re.subn(rb"(?m)^Bundle-Version: [^\r\n]*", b"Bundle-Version: " + version.encode(), content)
            if count != 1:
                sys.exit(source + ": no Bundle-Version line in META-INF/MANIFEST.MF")
        out.writestr(entry, content)
PY
}

# Calls the management API as the bench's admin; prints "status seconds", the body to $WORK/api.body.
management() { # method path curl-argument...
  local method="$1" path="$2"
  shift 2
  curl -sS -o "$WORK/api.body" -w '%{http_code} %{time_total}' -X "$method" -H "Authorization: Bearer $ADMIN_TOKEN" \
    "$@" "http://127.0.0.1:$MANAGEMENT_PORT/api/v1/$path" 2>&1 || true
}

expect_management() { # description status method path curl-argument...
  local description="$1" status="$2" answer
  shift 2
  answer=$(management "$@")
  if [[ "${answer%% *}" != "$status" ]]; then
    echo "bench/run: CHECK FAILED: $description: $1 $2 answered ${answer%% *}, expected $status; body:" >&2
    head -c 2000 "$WORK/api.body" >&2; echo >&2; exit 1
  fi
  echo "check: $description: $status" >&2
}

# conf/management-users.xml with one admin whose token is kept only as its SHA-256.
write_management_users() { # conf-folder
  ADMIN_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  cat > "$1/management-users.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<management-users xmlns="urn:gatehouse:management-users:1">
  <user name="bench"><role>admin</role><token sha256="$(printf %s "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)"/></user>
</management-users>
XML
}

# The flow of /ext/. At most extension-concurrency steps of one extension run at once (default
# 16) and a message beyond that is answered 503 extension_overloaded, by design; else the figure
# would count the cap, not the upgrade. The cap is twice the wrk connections: a step's slot is
# released once its worker has come back out of the extension, which can be after the answer
# reached the client and the connection's next request took a slot (with the cap equal to the
# connections, about 1 request in 100,000 was answered 503 here).
lifecycle_flows() {
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<flows xmlns="urn:gatehouse:flows:1">
  <settings extension-concurrency="$(( 2 * CONNECTIONS > 16 ? 2 * CONNECTIONS : 16 ))"/>
  <message-type name="rewritten" flow="rewrite">
    <match path-prefix="/ext/"/>
  </message-type>
  <flow name="rewrite">
    <step bladelet="header-rewrite" extension="org.gatehouse.sample.header-rewrite">
      <param name="remove" value="X-Bench-Probe"/>
    </step>
  </flow>
</flows>
XML
}

# Installs the extension and the flow over the API and proves the step runs: the upstream echoes
# the probe header, which the step removes on /ext/ and nothing removes on /open/.
install_extension_flow() { # jar base-url
  expect_management "upload the header-rewrite extension" 201 POST extensions \
    -H 'Content-Type: application/java-archive' --data-binary "@$1"
  expect_management "replace the flows" 200 PUT flows -H 'Content-Type: application/xml' --data-binary "$(lifecycle_flows)"
  wait_for_status "$2/ext/x" 200 30
  local seen
  seen=$(curl -sS -H 'X-Bench-Probe: sent' "$2/ext/x")
  if [[ "$seen" != "probe=[]" ]]; then
    echo "bench/run: CHECK FAILED: the extension step did not run on /ext/ (the upstream saw '$seen')" >&2; exit 1
  fi
  seen=$(curl -sS -H 'X-Bench-Probe: sent' "$2/open/x")
  if [[ "$seen" != "probe=[sent]" ]]; then
    echo "bench/run: CHECK FAILED: /open/ should pass the probe header (the upstream saw '$seen')" >&2; exit 1
  fi
  echo "check: the extension step runs on /ext/ and not on /open/" >&2
}

# A wrk script counting the answers by status and keeping the first answer other than 200, so a
# failed check says what the clients got.
write_status_script() { # file
  cat > "$1" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 and first_failure == nil then first_failure = status .. " " .. tostring(body) end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
    local failure = thread:get("first_failure")
    if failure ~= nil then io.write("first answer other than 200: " .. failure .. "\n") end
  end
  for status, count in pairs(total) do io.write(string.format("status %d: %d answers\n", status, count)) end
end
LUA
}

# One wrk window through the flow; prints wrk_figures' "rps p50 p99 failed requests max" and keeps
# wrk's own report in $WORK/wrk-<seconds since the epoch, ns>.txt, shown when a check fails.
lifecycle_window() { # url seconds
  local report
  report="$WORK/wrk-$(date +%s%N).txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency -s "$WORK/statuses.lua" "$1" > "$report" 2>&1 || true
  wrk_figures < "$report"
}

# An upgrade in the middle of a window: wrk in the background, the PUT one second in; prints
# "status upgrade_ms rps p50 p99 failed requests max".
upgrade_window() { # url seconds jar
  local figures="$WORK/window.figures" answer
  lifecycle_window "$1" "$2" > "$figures" &
  local wrk_job=$!
  sleep 1
  answer=$(management PUT "extensions/$HEADER_REWRITE" -H 'Content-Type: application/java-archive' --data-binary "@$3")
  wait "$wrk_job"
  awk -v answer="$answer" 'BEGIN { split(answer, a, " ") } { printf "%s %.0f %s\n", a[1], a[2] * 1000, $0 }' "$figures"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_lifecycle() {
  need_packages
  prepare_distribution
  if (( UPGRADES < 1 || WINDOW < 3 )); then echo "bench/run: --upgrades must be at least 1 and --window at least 3" >&2; exit 2; fi
  local jar conf="$WORK/conf-lifecycle" upstream_port
  jar=$(header_rewrite_jar)
  write_status_script "$WORK/statuses.lua"
  mkdir -p "$conf"
  write_management_users "$conf"
  # the upstream echoes the probe header, so the bench can see the extension step at work
  upstream_port=$(free_port)
  start_nginx upstream-lifecycle 1 "  server { listen 127.0.0.1:$upstream_port; location / { default_type text/plain; return 200 'probe=[\$http_x_bench_probe]'; } }"
  wait_for "http://127.0.0.1:$upstream_port/" 10
  start_gatehouse lifecycle "$DIST" "$upstream_port" "$conf"
  local base="http://127.0.0.1:$GATEHOUSE_PORT"
  if ! wait_for_status "http://127.0.0.1:$MANAGEMENT_PORT/api/v1/health" 200 60 -H "Authorization: Bearer $ADMIN_TOKEN"; then
    echo "the management API did not answer; the element's log:" >&2
    grep -v 'level=debug' "$GATEHOUSE_HOME/console.log" | tail -30 >&2; exit 1
  fi
  install_extension_flow "$jar" "$base"

  echo "wrk: $THREADS threads, $CONNECTIONS connections through the extension step, $UPGRADES upgrades, each in a" \
       "${WINDOW}s window (the PUT 1s in) beside a ${WINDOW}s window without; warm-up ${JVM_WARMUP}s; $(machine)" >&2
  warm_up "$base/ext/x" "$JVM_WARMUP"
  local round version figures status upgrade_ms rps p50 p99 failed requests max
  local calm_p99s=() upgrade_p99s=() upgrade_times=() failed_during=0 failed_calm=0 worst_max=0 calm_max=0
  printf '\n%-30s %9s %9s %10s %9s %9s %9s %10s\n' "upgrade under load (${WINDOW}s windows)" "upgrade" "answer" \
    "requests/s" "p50 ms" "p99 ms" "failed" "max ms"
  for (( round = 1; round <= UPGRADES; round++ )); do
    read -r rps p50 p99 failed requests max < <(lifecycle_window "$base/ext/x" "$WINDOW")
    printf '%-30s %9s %9s %10s %9s %9s %9s %10s\n' "round $round, no upgrade" "-" "-" "$rps" "$p50" "$p99" "$failed" "$max"
    calm_p99s+=("$p99"); failed_calm=$(( failed_calm + failed ))
    calm_max=$(awk -v a="$calm_max" -v b="$max" 'BEGIN { print (b > a ? b : a) }')

    version="0.2.$round"
    with_bundle_version "$jar" "$version" "$WORK/header-rewrite-$version.jar"
    read -r status upgrade_ms rps p50 p99 failed requests max < <(upgrade_window "$base/ext/x" "$WINDOW" "$WORK/header-rewrite-$version.jar")
    printf '%-30s %7s ms %9s %10s %9s %9s %9s %10s\n' "round $round, upgrade to $version" "$upgrade_ms" "$status" \
      "$rps" "$p50" "$p99" "$failed" "$max"
    if [[ "$status" != 200 ]]; then
      echo "bench/run: CHECK FAILED: the upgrade to $version answered $status:" >&2; head -c 2000 "$WORK/api.body" >&2; exit 1
    fi
    management GET "extensions/$HEADER_REWRITE" > /dev/null
    if ! grep -Eq "\"version\" *: *\"$version\"" "$WORK/api.body"; then
      echo "bench/run: CHECK FAILED: after the upgrade the extension is not at $version:" >&2; head -c 2000 "$WORK/api.body" >&2; exit 1
    fi
    upgrade_p99s+=("$p99"); upgrade_times+=("$upgrade_ms"); failed_during=$(( failed_during + failed ))
    worst_max=$(awk -v a="$worst_max" -v b="$max" 'BEGIN { print (b > a ? b : a) }')
  done
  stop_gatehouse

  local calm_p99 upgrade_p99
  calm_p99=$(printf '%s\n' "${calm_p99s[@]}" | median)
  upgrade_p99=$(printf '%s\n' "${upgrade_p99s[@]}" | median)
  printf '\n%-52s %s ms (min %s, max %s)\n' "upgrade time, request to 200 (median)" "$(printf '%s\n' "${upgrade_times[@]}" | median)" \
    "$(printf '%s\n' "${upgrade_times[@]}" | sort -n | head -1)" "$(printf '%s\n' "${upgrade_times[@]}" | sort -n | tail -1)"
  printf '%-52s %s ms\n' "p99 without upgrade (median of $UPGRADES windows)" "$calm_p99"
  printf '%-52s %s ms\n' "p99 with an upgrade (median of $UPGRADES windows)" "$upgrade_p99"
  printf '%-52s %s ms / %s ms\n' "slowest request, windows with / without upgrade" "$worst_max" "$calm_max"
  awk -v u="$upgrade_p99" -v c="$calm_p99" 'BEGIN { printf "%-52s %.2f\n", "p99 ratio, with / without upgrade", (c > 0 ? u / c : 0) }'
  printf '%-52s %s (without upgrade: %s)\n' "failed requests during the upgrades" "$failed_during" "$failed_calm"
  echo "machine after the lifecycle part: $(machine)" >&2
  if (( failed_during > 0 || failed_calm > 0 )); then
    printf '%-52s %s\n' "check: no failed request" "FAILED"
    echo "bench/run: CHECK FAILED: requests failed through the extension step; wrk's first report with failures:" >&2
    grep -l -e 'Non-2xx' -e 'Socket errors' "$WORK"/wrk-*.txt | head -1 | xargs cat >&2
    echo "the element's warnings and errors:" >&2
    grep -E 'level=(warn|error)' "$GATEHOUSE_HOME/console.log" | tail -20 >&2
    exit 1
  fi
  printf '%-52s %s\n' "check: no failed request" "ok"
}
