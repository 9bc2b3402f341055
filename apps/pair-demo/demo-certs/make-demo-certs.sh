#!/usr/bin/env bash
# DEMO MATERIAL ONLY. Regenerates the certificates and keys pair-demo loads,
# with the system `openssl` CLI (OpenSSL 3.x): a demo root CA, a server leaf
# for "localhost" and a client leaf, all ECDSA P-256. The private keys are
# published in this repository: never trust this CA or use these keys for
# anything but the demo. Validity: 20 years from the day of generation.
set -euo pipefail
cd "$(dirname "$0")"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

cat >"$W/demo.cnf" <<CONF
[ req ]
distinguished_name = dn
[ dn ]
[ root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ server ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CONF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"; }
sign() { # name extensions subject
  openssl req -new -key "$1.key" -subj "$3" -out "$W/$1.csr" -config "$W/demo.cnf"
  openssl x509 -req -in "$W/$1.csr" -CA demo-ca.pem -CAkey demo-ca.key \
    -set_serial "0x$(openssl rand -hex 8)" -days 7305 \
    -extfile "$W/demo.cnf" -extensions "$2" -out "$1.pem" 2>/dev/null
}

key demo-ca
openssl req -new -x509 -key demo-ca.key -subj "/O=Strata DEMO ONLY/CN=Strata pair-demo Root (demo, key is public)" \
  -days 7305 -config "$W/demo.cnf" -extensions root -out demo-ca.pem
key demo-server
sign demo-server server "/O=Strata DEMO ONLY/CN=localhost"
key demo-client
sign demo-client client "/O=Strata DEMO ONLY/CN=pair-demo client"
rm -f demo-ca.srl demo-ca.key # the leaves are signed; the CA key is not needed any more
echo "demo certificates written to $(pwd)"
