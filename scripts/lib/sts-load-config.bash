# shellcheck shell=bash
# The configuration scripts/load-bench, scripts/callgrind-serve and scripts/perf-serve give
# `tessera serve`: the test gateway (Tests/TesseraTestSupport/Fixtures, TEST KEYS) as a requestor
# that may delegate, the token-transformation scenario's HelloService as a sender-vouches relying
# party, the STS's development identity, a free port on 127.0.0.1. Sourced, not run.

# Writes the configuration to $1; request timestamps are accepted for $2 seconds (the requests of
# a pool are signed before the run that sends them).
sts_load_config() {
    local file="$1" max_age="$2" fixtures="$root/Tests/TesseraTestSupport/Fixtures"
    cat >"$file" <<EOF
listen: {host: 127.0.0.1, port: 0}
adfs: {enabled: false}
identity:
  issuer: https://sts.tessera.test
  nameQualifier: STS
  signingKey: $fixtures/sts.key.pem
  signingCertificate: $fixtures/sts.cert.pem
trustAnchors: [$fixtures/ca.cert.pem]
requestors:
  - {name: gateway, certificate: $fixtures/gateway.cert.pem, mayDelegate: true}
relyingParties:
  - name: hello
    appliesTo: [{exact: "http://testHost/HelloService"}]
    confirmation: sender-vouches
security: {timestampMaxAgeSeconds: $max_age}
EOF
}
