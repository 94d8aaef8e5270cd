#!/usr/bin/env bash
# Generates Tessera's TEST PKI into this folder with the openssl CLI (OpenSSL 3.0 or later).
# TEST KEYS ONLY: every private key here is public. Never trust these certificates anywhere.
#
# The generated files are committed; rerun this script only to change the PKI (it replaces
# every key and certificate and re-signs/re-encrypts the soap/ samples with xmlsec1, so tests
# pinned to old values must be updated).
#
#   ca                root CA, RSA-2048, 2025-01-01..2050-01-01, CA:true, keyCertSign+cRLSign
#   intermediate      intermediate CA under the root (pathlen 0)
#   gateway           leaf: the requestor/client that signs requests (also gateway.p12)
#   sts               leaf: the STS/service that signs tokens and responses
#   service           leaf: an encryption recipient
#   chained           leaf under the intermediate CA (chain building)
#   ec-p256           leaf with an ECDSA P-256 key
#   expired           leaf valid 2020-01-01..2021-01-01 only
#   rsa1024           leaf with a weak RSA-1024 key
#   untrusted         self-signed RSA-2048, not from the CA
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

start=20250101000000Z
end=20500101000000Z
org="/O=Tessera Test PKI/OU=TEST ONLY - NOT FOR PRODUCTION"

cat > "$work/openssl.cnf" <<'EOF'
[ ca ]
default_ca = test_ca

[ test_ca ]
dir              = .
database         = $ENV::CA_DB/index.txt
serial           = $ENV::CA_DB/serial
new_certs_dir    = $ENV::CA_DB/certs
default_md       = sha256
policy           = anything
unique_subject   = no
copy_extensions  = none
email_in_dn      = no
preserve         = yes

[ anything ]
commonName             = supplied
organizationName       = optional
organizationalUnitName = optional

[ req ]
distinguished_name = dn
prompt             = no
[ dn ]
CN = placeholder

[ root_ca ]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ intermediate_ca ]
basicConstraints       = critical, CA:true, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ rsa_leaf ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ec_leaf ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, keyAgreement
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ self_signed ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier   = hash
EOF

rsa_key() { openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1.key.pem"; }
ec_key() { openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$1.key.pem"; }

# A CA database per issuer, with deterministic serial numbers.
new_db() {
    mkdir -p "$work/$1/certs"
    : > "$work/$1/index.txt"
    echo "$2" > "$work/$1/serial"
}

# issue NAME SUBJECT_CN EXTENSION ISSUER(db name) ISSUER_BASENAME START END
# ISSUER_BASENAME "self" makes a self-signed certificate.
issue() {
    local name=$1 cn=$2 extension=$3 db=$4 issuer=$5 from=$6 until=$7
    openssl req -new -key "$name.key.pem" -subj "/CN=$cn$org" -out "$work/$name.csr"
    local signer=(-cert "$issuer.cert.pem" -keyfile "$issuer.key.pem")
    if [[ $issuer == self ]]; then signer=(-selfsign -keyfile "$name.key.pem"); fi
    CA_DB="$work/$db" openssl ca -batch -notext -config "$work/openssl.cnf" -name test_ca \
        "${signer[@]}" -extensions "$extension" -startdate "$from" -enddate "$until" \
        -in "$work/$name.csr" -out "$name.cert.pem" 2>/dev/null
}

rm -f ./*.key.pem ./*.cert.pem ./*.p12

new_db root 1000
new_db intermediate 2000
new_db selfsigned 3000

rsa_key ca 2048
issue ca "Tessera Test Root CA" root_ca root self "$start" "$end"

rsa_key intermediate 2048
issue intermediate "Tessera Test Intermediate CA" intermediate_ca root ca "$start" "$end"

for leaf in gateway sts service; do
    rsa_key "$leaf" 2048
    issue "$leaf" "$leaf.tessera.test" rsa_leaf root ca "$start" "$end"
done

rsa_key chained 2048
issue chained "chained.tessera.test" rsa_leaf intermediate intermediate "$start" "$end"

ec_key ec-p256
issue ec-p256 "ec-p256.tessera.test" ec_leaf root ca "$start" "$end"

rsa_key expired 2048
issue expired "expired.tessera.test" rsa_leaf root ca 20200101000000Z 20210101000000Z

rsa_key rsa1024 1024
issue rsa1024 "rsa1024.tessera.test" rsa_leaf root ca "$start" "$end"

rsa_key untrusted 2048
issue untrusted "untrusted.tessera.test" self_signed selfsigned self "$start" "$end"

# The gateway's key and certificate (with the root CA) as PKCS#12, password "tessera".
openssl pkcs12 -export -name gateway -inkey gateway.key.pem -in gateway.cert.pem \
    -certfile ca.cert.pem -passout pass:tessera -out gateway.p12

# Sanity checks: every leaf chains to the root; the expired one only when time is not checked
# (it expired before the root's validity began, which is fine for an "expired" test case).
for leaf in gateway sts service ec-p256 rsa1024; do
    openssl verify -CAfile ca.cert.pem "$leaf.cert.pem" >/dev/null
done
openssl verify -CAfile ca.cert.pem -untrusted intermediate.cert.pem chained.cert.pem >/dev/null
openssl verify -CAfile ca.cert.pem -no_check_time expired.cert.pem >/dev/null
if openssl verify -CAfile ca.cert.pem expired.cert.pem >/dev/null 2>&1; then
    echo "expired.cert.pem unexpectedly verifies" >&2
    exit 1
fi
if openssl verify -CAfile ca.cert.pem untrusted.cert.pem >/dev/null 2>&1; then
    echo "untrusted.cert.pem unexpectedly chains to the test CA" >&2
    exit 1
fi
# SOAP samples signed and encrypted with these keys by xmlsec1 (commands: scripts/interop/README.md).
soap11=http://schemas.xmlsoap.org/soap/envelope/
wsu=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd
xmlsec1 --sign --privkey-pem gateway.key.pem,gateway.cert.pem \
    --id-attr:Id "$wsu:Timestamp" --id-attr:Id "$soap11:Body" \
    --output soap/envelope-signed-xmlsec1.xml soap/envelope-sign-template.xml
for mode in gcm cbc; do
    template=soap/body-encrypt-template.xml session=aes-256
    if [[ $mode == cbc ]]; then template=soap/body-encrypt-template-cbc.xml session=aes-128; fi
    xmlsec1 --encrypt --pubkey-cert-pem service.cert.pem --session-key "$session" \
        --xml-data soap/envelope.xml --node-xpath '//*[local-name()="GetQuote"]' \
        --output "soap/envelope-encrypted-xmlsec1-$mode.xml" "$template"
done
echo "test PKI and SOAP samples written to $here"
