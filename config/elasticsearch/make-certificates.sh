#!/bin/bash
# One-shot job of the compose topology (elasticsearch-certs): the TLS material of Elasticsearch's HTTP and transport
# layers, made once with the image's elasticsearch-certutil and kept in three volumes, so that each container sees
# only what it needs:
#   /ca     (es-ca)     the CA's certificate and private key: no running service mounts it
#   /certs  (es-certs)  the nodes' certificate and key, and the CA's certificate: the Elasticsearch nodes
#   /trust  (es-trust)  the CA's certificate alone: the clients (the aggregator, elasticsearch-init)
# One certificate serves every node: its names are those of the single node and of the three-node variant
# (docker-compose.es-cluster.yml), and localhost for the health checks. What exists is kept: a re-run changes nothing;
# delete a file (or a volume) to make it anew. To use a CA of your own, put its ca.crt and ca.key into es-ca before the
# first run (docs/operations.md).
set -euo pipefail
certutil=${CERTUTIL:-/usr/share/elasticsearch/bin/elasticsearch-certutil}
ca=${CA_DIR:-/ca}
certs=${CERTS_DIR:-/certs}
trust=${TRUST_DIR:-/trust}
# the Elasticsearch image's user and group
owner=${CERTS_OWNER:-1000:0}
names=${NODE_NAMES:-elasticsearch,es02,es03,localhost}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

if [[ ! -s $ca/ca.crt || ! -s $ca/ca.key ]]; then
  "$certutil" ca --pem --silent --days 3650 --ca-dn "CN=lawstats Elasticsearch CA" --out "$work/ca.zip"
  unzip -q "$work/ca.zip" -d "$work"
  install -m 0600 "$work/ca/ca.key" "$ca/ca.key"
  install -m 0644 "$work/ca/ca.crt" "$ca/ca.crt"
  echo "lawstats: made a CA for Elasticsearch"
fi
if [[ ! -s $certs/elasticsearch.crt || ! -s $certs/elasticsearch.key ]]; then
  "$certutil" cert --pem --silent --days 825 --ca-cert "$ca/ca.crt" --ca-key "$ca/ca.key" --name elasticsearch \
    --dns "$names" --out "$work/elasticsearch.zip"
  unzip -q "$work/elasticsearch.zip" -d "$work"
  install -m 0640 -o "${owner%:*}" -g "${owner#*:}" "$work/elasticsearch/elasticsearch.key" "$certs/elasticsearch.key"
  install -m 0644 "$work/elasticsearch/elasticsearch.crt" "$certs/elasticsearch.crt"
  echo "lawstats: made the certificate of the Elasticsearch nodes ($names)"
fi
install -m 0644 "$ca/ca.crt" "$certs/ca.crt"
install -m 0644 "$ca/ca.crt" "$trust/ca.crt"
echo "lawstats: Elasticsearch's certificates are in place"
