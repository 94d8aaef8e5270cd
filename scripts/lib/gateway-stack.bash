# shellcheck shell=bash
# The token-transformation chain on loopback for scripts/gateway-bench and scripts/gateway-soak:
# `tessera serve` (STS on /sts, the sample HelloService on /hello) with a fresh data directory of
# development keys, and `tessera gateway` processes in front of it, each from a configuration
# file, all on free ports, logs at warning (one info line per request otherwise). Sourced, not
# run; the caller sets `work` (a temporary directory), `bin` (the release binaries) and defines
# `fail` and `step`, and calls stack_stop_all on exit.

stack_pids=()

# Runs "$@" in the background, standard output to $work/$1.out and error to $work/$1.err (the
# name is the first argument, the command the rest), and waits up to 20 s for a line of its
# output to match the extended regular expression $2. Sets started_pid and started_line.
stack_start() {
    local name="$1" pattern="$2"
    shift 2
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
    started_pid=$!
    stack_pids+=("$started_pid")
    started_line=""
    for _ in $(seq 1 200); do
        started_line="$(grep -E -m1 "$pattern" "$work/$name.out" 2>/dev/null || true)"
        [[ -n "$started_line" ]] && return 0
        kill -0 "$started_pid" 2>/dev/null || fail "$name exited before it listened:\n$(tail -5 "$work/$name.err")"
        sleep 0.1
    done
    fail "$name did not report where it listens:\n$(tail -5 "$work/$name.err")"
}

# tessera serve on a free port with a new data directory ($work/data). Sets serve_pid, serve_base.
stack_start_serve() {
    mkdir -p "$work/data"
    step "tessera serve --data-dir (temporary) --port 0 --log-level warning"
    stack_start serve '^Tessera STS listening on ' "$bin/tessera" serve --data-dir "$work/data" --port 0 --log-level warning
    serve_pid="$started_pid"
    serve_base="$(sed -n 's/^Tessera STS listening on \([^ ]*\).*/\1/p' <<<"$started_line")"
    [[ -n "$serve_base" ]] || fail "cannot read tessera serve's address from: $started_line"
}

# Writes $work/data/$1.yaml: a gateway with token cache size $2 (0: no caching), one
# identity-assertion route /hello for loopback consumers, its STS serve's /sts, its provider $3,
# for the sample relying party's AppliesTo, keys from the data directory.
stack_gateway_config() {
    cat >"$work/data/$1.yaml" <<YAML
listen: {host: 127.0.0.1, port: 0}
credential: {key: gateway.key.pem, certificate: gateway.cert.pem}
cache: {maxEntries: $2}
routes:
  - name: hello
    path: /hello
    provider: $3
    appliesTo: $stack_applies_to
    sts: {endpoint: $serve_base/sts, certificate: sts.cert.pem}
    tokenType: saml2.0
    inbound: {form: identity-assertion, trustedNetworks: [127.0.0.0/8]}
YAML
}

# Writes $work/data/$1.yaml: a gateway whose one route /hello binds outbound security as a
# secure conversation with serve's echo service (x509 bootstrap: serve's development echo service
# trusts the development CA and signs with the STS key, sts.cert.pem), for loopback consumers.
stack_gateway_sc_config() {
    cat >"$work/data/$1.yaml" <<YAML
listen: {host: 127.0.0.1, port: 0}
credential: {key: gateway.key.pem, certificate: gateway.cert.pem}
routes:
  - name: echo
    path: /hello
    provider: $serve_base/echo
    appliesTo: https://echo.tessera.test/EchoService
    sts: {endpoint: $serve_base/sts, certificate: sts.cert.pem}
    inbound: {form: identity-assertion, trustedNetworks: [127.0.0.0/8]}
    outbound:
      binding: secure-conversation
      secureConversation: {bootstrap: x509, providerCertificate: sts.cert.pem}
YAML
}

# The consumers' Echo requests to a secure-conversation route (tessera-bench consumer-pool --body echo).
stack_sc_content_type='application/soap+xml; charset=utf-8; action="urn:tessera:sample:echo/Echo"'

# The sample relying party of serve's development configuration (its helloService audience).
stack_applies_to="https://hello.tessera.test/HelloService"

# Starts tessera gateway with $work/data/$1.yaml. Sets gateway_pid and gateway_url (its /hello).
stack_start_gateway() {
    step "tessera gateway --config $1.yaml --log-level warning"
    stack_start "$1" '^Tessera gateway listening on ' "$bin/tessera" gateway --config "$work/data/$1.yaml" --log-level warning
    gateway_pid="$started_pid"
    local port
    port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' <<<"$started_line")"
    [[ -n "$port" ]] || fail "cannot read the gateway's port from: $started_line"
    gateway_url="http://127.0.0.1:$port/hello"
}

# The consumers' requests: one SOAP 1.2 Hello per identity (tessera-bench consumer-pool).
stack_content_type='application/soap+xml; charset=utf-8; action="urn:hello:Hello"'

# Sends the first request of pool $2 to $1 with curl and fails unless HelloResponse comes back.
stack_smoke() {
    local answer
    answer="$(awk 'BEGIN { RS = "\036" } { printf "%s", $0; exit }' "$2" |
        curl -sS --max-time 20 -H "Content-Type: $stack_content_type" --data-binary @- "$1")" || fail "no answer from $1"
    grep -q 'HelloResponse' <<<"$answer" || fail "$1 did not answer a Hello with HelloResponse:\n$answer"
}

# VmRSS of process $1 in kB (empty when it is gone).
stack_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# SIGTERM to every process started here, then waits for them.
stack_stop_all() {
    local pid
    for pid in "${stack_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${stack_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    stack_pids=()
}
