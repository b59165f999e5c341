#!/bin/bash
# Makes the TLS material of the Kafka listeners (SASL_SSL) with the JDK's keytool:
#   config/kafka/make-tls.sh secrets kafka-1 kafka-2 kafka-3
# writes into the directory (the first argument, created if missing, entered by its owner only):
#   kafka-tls-password.txt  the password of the keystores, made at random unless the file exists
#   kafka-ca.p12            a CA of lawstats' own (its private key: keep a copy offline, and the file away from the
#                           hosts, once the brokers' keystores are made; it is kept if it exists, so that a broker
#                           added later is signed by the same CA)
#   kafka-ca.crt            the CA's certificate (PEM), which the brokers and every client trust: the aggregator,
#                           kafka-init, and each unit service (it is not a secret)
#   <host>.p12              per broker host: its key and a certificate for that name (a DNS name, or an IP address),
#                           signed by the CA, valid 825 days; made anew on every run
# docs/operations.md says how to renew them; UnitCredentialsIT makes its broker's material with this script.
set -euo pipefail
if (($# < 2)); then
  echo "usage: $0 <directory> <broker host>..." >&2
  exit 2
fi
dir=$1
shift
keytool=${KEYTOOL:-keytool}
umask 077
mkdir -p "$dir"
password_file=$dir/kafka-tls-password.txt
if [[ ! -s $password_file ]]; then
  head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$password_file"
fi
ca=$dir/kafka-ca.p12
in_store() { # keystore keytool-arguments...: keytool on one PKCS12 file, the password read from its file
  local file=$1
  shift
  # a short-lived JVM: no optimizing compiler, the smallest collector
  "$keytool" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC "$@" -storetype PKCS12 -keystore "$file" \
    -storepass:file "$password_file"
}
if [[ ! -f $ca ]]; then
  # EC keys: fast to make, and every Kafka client (Java, librdkafka) speaks ECDSA.
  in_store "$ca" -genkeypair -alias ca -dname "CN=lawstats Kafka CA" -ext bc:c -keyalg EC -groupname secp256r1 \
    -validity 3650
fi
in_store "$ca" -exportcert -rfc -alias ca -file "$dir/kafka-ca.crt"
request=$(mktemp)
signed=$(mktemp)
trap 'rm -f "$request" "$signed"' EXIT
for host in "$@"; do
  keystore=$dir/$host.p12
  san=dns:$host
  [[ $host =~ ^[0-9.]+$ ]] && san=ip:$host
  rm -f "$keystore"
  in_store "$keystore" -genkeypair -alias "$host" -dname "CN=$host" -keyalg EC -groupname secp256r1 -validity 825
  in_store "$keystore" -certreq -alias "$host" -file "$request"
  in_store "$ca" -gencert -alias ca -infile "$request" -outfile "$signed" -rfc -validity 825 \
    -ext "SAN=$san" -ext eku=serverAuth,clientAuth
  in_store "$keystore" -importcert -noprompt -alias ca -file "$dir/kafka-ca.crt"
  in_store "$keystore" -importcert -alias "$host" -file "$signed"
done
# Compose bind-mounts secret files as they are: the containers' users (Kafka 1000, the aggregator 10001) must be able
# to read them, while the directory keeps everyone else out. The CA's key stays its owner's alone.
chmod 0700 "$dir"
for host in "$@"; do chmod 0644 "$dir/$host.p12"; done
chmod 0644 "$dir/kafka-ca.crt" "$password_file"
echo "lawstats: TLS material for $* in $dir"
