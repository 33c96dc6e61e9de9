# Building, migrating, seeding, running and testing the platform itself. Sourced by ./dev.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export Database__Admin="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB_NAME"
export Database__Primary="Host=127.0.0.1;Port=$PG_PORT;Username=serverless_app;Database=$DB_NAME"
export Database__Replica="Host=127.0.0.1;Port=$REPLICA_PORT;Username=serverless_app;Database=$DB_NAME"
export Redis__Configuration="127.0.0.1:$REDIS_PORT"
# People's tokens are signed with this key locally (./dev cli token mint reads it from here; the API and
# worker also find it in appsettings.Development.json, which is never packaged). AWS uses an OIDC issuer,
# and the API refuses to start with a signing key anywhere but Development.
export Jwt__Issuer=serverless-local Jwt__Audience=serverless-api
export Jwt__SigningKey=${Jwt__SigningKey:-local-development-signing-key-not-for-production-0123456789}
export SL_SQS_URL="http://127.0.0.1:$SQS_PORT" SL_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT"

# Release by default; ./dev test's smoke drill brings its stack up on the Debug build the tests just made
# (SL_BUILD_CONFIGURATION=Debug), so checking ./dev up costs no second build.
BUILD_CONFIG=${SL_BUILD_CONFIGURATION:-Release}
CLI_DLL=$ROOT/src/Serverless.Cli/bin/$BUILD_CONFIG/net10.0/Serverless.Cli.dll
API_DLL=$ROOT/src/Serverless.Api/bin/$BUILD_CONFIG/net10.0/Serverless.Api.dll
WORKER_DLL=$ROOT/src/Serverless.Worker/bin/$BUILD_CONFIG/net10.0/Serverless.Worker.dll

build_release() {
    step "Building ($BUILD_CONFIG)"
    mkdir -p "$STATE"
    dotnet build "$ROOT/src/Serverless.Api/Serverless.Api.csproj" -c "$BUILD_CONFIG" -v quiet -nologo >"$STATE/build.log" 2>&1 \
        && dotnet build "$ROOT/src/Serverless.Cli/Serverless.Cli.csproj" -c "$BUILD_CONFIG" -v quiet -nologo >>"$STATE/build.log" 2>&1 \
        && dotnet build "$ROOT/src/Serverless.Worker/Serverless.Worker.csproj" -c "$BUILD_CONFIG" -v quiet -nologo >>"$STATE/build.log" 2>&1 \
        || { tail -30 "$STATE/build.log"; die "build failed; see $STATE/build.log"; }
    ok "built"
}

# Secrets the platform stores and reads back (budget webhook secrets) are sealed; locally with the development key
# (as in the API's and worker's appsettings.Development.json), unless a key or a key secret (AWS) is given.
DEV_SECRETS_KEY=bG9jYWwtZGV2ZWxvcG1lbnQtc2VjcmV0cy1rZXktbm90LWEtc2VjcmV0LTAwMDA=

run_cli() {
    [ -f "$CLI_DLL" ] || build_release >&2
    if [ -z "${SecretsAtRest__Key:-}" ] && [ -z "${SecretsAtRest__KeyParameter:-}" ]; then
        SecretsAtRest__Key=$DEV_SECRETS_KEY dotnet "$CLI_DLL" "$@"
    else
        dotnet "$CLI_DLL" "$@"
    fi
}

app_up() {
    build_release
    step "Creating database '$DB_NAME' and applying migrations"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1 \
        || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "create database $DB_NAME" >/dev/null
    dotnet "$CLI_DLL" migrate | sed 's/^/  /'
    ok "schema up to date"

    step "Seeding the demo tenant"
    local keyfile=$STATE/demo-api-key key=""
    if ! dotnet "$CLI_DLL" tenant show demo >/dev/null 2>&1; then
        dotnet "$CLI_DLL" tenant create demo --name "Demo Tenant" --tier standard | sed 's/^/  /'
        rm -f "$keyfile"
    fi
    [ -f "$keyfile" ] && key=$(cat "$keyfile")
    if [ -z "$key" ] || ! dotnet "$CLI_DLL" key check "$key" >/dev/null 2>&1; then
        key=$(dotnet "$CLI_DLL" key issue demo --name "local demo" --quiet)
        echo "$key" >"$keyfile"
        chmod 600 "$keyfile"
    fi
    ok "tenant 'demo' ready"

    step "Starting the API on http://127.0.0.1:$API_PORT"
    mkdir -p "$STATE/api"
    if pid_alive "$STATE/api/api.pid"; then
        info "restarting the running API so it serves this build"
        stop_pid "$STATE/api/api.pid" api
    fi
    # From its own folder: the content root (where appsettings.json is read) is the working directory.
    (cd "$(dirname "$API_DLL")" || exit 1; ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" ASPNETCORE_ENVIRONMENT=Development \
        nohup dotnet "$API_DLL" </dev/null >"$STATE/api/api.log" 2>&1 & echo $! >"$STATE/api/api.pid")
    local ready=0
    for _ in $(seq 150); do
        curl -fsS "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1 && { ready=1; break; }
        pid_alive "$STATE/api/api.pid" || break
        sleep 0.2
    done
    [ $ready = 1 ] || { tail -20 "$STATE/api/api.log"; die "the API did not become ready; see $STATE/api/api.log"; }
    ok "API ready (pid $(cat "$STATE/api/api.pid"), log $STATE/api/api.log)"

    # The worker polls the fauxqs queues (SL_SQS_URL) and uses dynalite (SL_DYNAMODB_URL) and the offline
    # model unless Llm:Providers is configured (docs/jobs-and-llm.md).
    step "Starting the worker"
    mkdir -p "$STATE/worker"
    if pid_alive "$STATE/worker/worker.pid"; then
        stop_pid "$STATE/worker/worker.pid" worker
    fi
    (cd "$(dirname "$WORKER_DLL")" || exit 1; DOTNET_ENVIRONMENT=Development Telemetry__MetricsPort=$WORKER_METRICS_PORT nohup dotnet "$WORKER_DLL" </dev/null >"$STATE/worker/worker.log" 2>&1 & echo $! >"$STATE/worker/worker.pid")
    sleep 1
    pid_alive "$STATE/worker/worker.pid" || { tail -20 "$STATE/worker/worker.log"; die "the worker did not start; see $STATE/worker/worker.log"; }
    ok "worker running (pid $(cat "$STATE/worker/worker.pid"), metrics :$WORKER_METRICS_PORT/metrics, log $STATE/worker/worker.log)"
    [ "${WITH_PROMETHEUS:-0}" = 1 ] && prometheus_up

    cat <<EOF

${BOLD}Serverless is running.${RESET} Demo tenant API key (shown once here, stored in .local/demo-api-key):
  $key

Try it:
  curl -s -X POST http://127.0.0.1:$API_PORT/v1/content \\
       -H 'x-api-key: $key' -H 'content-type: application/json' \\
       -d '{"type":"article","slug":"hello-world","locale":"en","title":"Hello","body":"First post"}'
  curl -s http://127.0.0.1:$API_PORT/v1/content -H 'x-api-key: $key'
  # an AI draft (offline model by default): 202 with a job to poll, then the drafts
  curl -s -X POST http://127.0.0.1:$API_PORT/v1/content/<id>/drafts -H 'x-api-key: $key'

OpenAPI: http://127.0.0.1:$API_PORT/openapi/v1.json   Metrics: http://127.0.0.1:$API_PORT/metrics
Stop everything with: ./dev down
EOF
}

# Opt-in (./dev up --prometheus): Prometheus scraping the API and the worker, with observability/rules loaded.
prometheus_up() {
    step "Starting Prometheus on http://127.0.0.1:$PROMETHEUS_PORT"
    mkdir -p "$STATE/prometheus"
    stop_pid "$STATE/prometheus/prometheus.pid" prometheus
    cat >"$STATE/prometheus/prometheus.yml" <<YAML
global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: ["$ROOT/observability/rules/*.yml"]
scrape_configs:
  - job_name: serverless-api
    static_configs: [{targets: ["127.0.0.1:$API_PORT"]}]
  - job_name: serverless-worker
    static_configs: [{targets: ["127.0.0.1:$WORKER_METRICS_PORT"]}]
YAML
    nohup prometheus --config.file="$STATE/prometheus/prometheus.yml" --storage.tsdb.path="$STATE/prometheus/data" \
        --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" </dev/null >"$STATE/prometheus/prometheus.log" 2>&1 &
    echo $! >"$STATE/prometheus/prometheus.pid"
    wait_port "$PROMETHEUS_PORT" 20 || { tail -20 "$STATE/prometheus/prometheus.log"; die "Prometheus did not start; see $STATE/prometheus/prometheus.log"; }
    ok "Prometheus ready (alerts: http://127.0.0.1:$PROMETHEUS_PORT/alerts; dashboards to import: observability/dashboards/)"
}

# Runs every test project; prints one closing line "Tests: N passed, N failed, N skipped".
run_tests() {
    local results=$STATE/test-results
    rm -rf "$results"; mkdir -p "$results"
    step "Building the solution"
    dotnet build "$ROOT/Serverless.sln" -v quiet -nologo >"$STATE/test-build.log" 2>&1 \
        || { tail -40 "$STATE/test-build.log"; die "build failed; see $STATE/test-build.log"; }
    ok "built"
    step "Running the tests"
    local status=0
    # A test that hangs is stopped after 15 minutes and fails the run, rather than holding CI to its limit.
    dotnet test "$ROOT/Serverless.sln" --no-build -nologo --logger "trx" --logger "console;verbosity=minimal" \
        --blame-hang-timeout 15m --results-directory "$results" "$@" || status=$?
    local passed=0 failed=0 skipped=0 p f t e
    for trx in "$results"/*.trx; do
        [ -f "$trx" ] || continue
        local counters; counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
        t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
        e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
        p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
        f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
        passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
    done
    # ./dev up itself, in a fresh state folder, and one request of each kind (scripts/drill.sh).
    local smoke=passed
    if [ "${SL_TEST_SMOKE:-1}" = 1 ] && [ $# -eq 0 ]; then
        SL_BUILD_CONFIGURATION=Debug run_drills smoke || { smoke=FAILED; status=1; failed=$((failed + 1)); }
    else smoke=skipped; fi
    echo
    echo "Tests: $passed passed, $failed failed, $skipped skipped (smoke drill through ./dev up: $smoke)"
    if [ $status -ne 0 ] && [ $failed -eq 0 ]; then die "dotnet test exited with $status"; fi
    [ $failed -eq 0 ] && [ $passed -gt 0 ] || return 1
}
