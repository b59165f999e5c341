#!/bin/bash
# One-shot job of the compose topology (kafka-init), run over SASL_SSL as the Kafka admin: creates the lawstats
# topics (kept for good), a SCRAM user for the aggregator and one per unit, each unit's own topic, and the ACLs
# (ADR 11):
#   unit.<unitId>  may write and describe its own topic lawstats.unit.<enc(unitId)> (see unit_topic) and nothing
#                  else: no contract topic, no dead-letter topic, no reads. The aggregator counts from that topic the
#                  events of the unit and of the units below it, and dead-letters any other (unit-not-permitted),
#                  and any eventId that is not of such a unit (foreign-event-id, events.md 1.2).
#   aggregator     may read and describe every lawstats topic and its consumer groups, write the four contract
#                  topics (its HTTP gateway produces for authenticated emitters), the dead-letter topic and the
#                  published results (documents, case and request records), own the internal topics and transactional ids of its aggregation
#                  (lawstats-aggregation-*), and describe the cluster.
# Secrets (files in $SECRETS): kafka_admin_password, kafka_aggregator_password, kafka_unit_passwords with one
# "<unitId> <password>" line per unit that produces to Kafka, kafka_ca (the PEM certificate of the CA that signed
# the brokers' certificates). Re-running it is safe: it rotates passwords that changed, adds the topics and ACLs of
# new units, and removes the ACLs of the scheme before ADR 11 (every unit writing every lawstats topic).
# The environment below defaults to the compose topology; the integration test UnitCredentialsIT runs this same
# script against its own SASL_SSL broker.
set -euo pipefail

# The unit's own topic: "lawstats.unit." and the unit id with every character other than A-Z a-z 0-9 - written as
# "_" and two lowercase hex digits. The same definition as Topics.ofUnit in the contract module (TopicsTest runs this
# function over tricky ids and compares). Fails for an id outside the contract's rule or a name over 249 characters.
unit_topic() {
  local LC_ALL=C # byte-wise classes and codes whatever the operator's locale
  local id=$1 topic=lawstats.unit. c i
  if [[ ! $id =~ ^[A-Za-z0-9._:-]{1,128}$ ]]; then
    echo "lawstats: '$id' is not a unit id: 1-128 characters of A-Z a-z 0-9 . _ : -" >&2
    return 1
  fi
  for ((i = 0; i < ${#id}; i++)); do
    c=${id:i:1}
    if [[ $c == [A-Za-z0-9-] ]]; then
      topic+=$c
    else
      printf -v c '_%02x' "'$c"
      topic+=$c
    fi
  done
  if ((${#topic} > 249)); then
    echo "lawstats: unit $id cannot have a Kafka topic: its name would be ${#topic} characters long, and Kafka" \
      "allows 249 (every character other than A-Z a-z 0-9 - takes three)" >&2
    return 1
  fi
  printf '%s\n' "$topic"
}

main() {
  local bootstrap=${KAFKA_BOOTSTRAP:-kafka-1:9092} bin=${KAFKA_BIN:-/opt/kafka/bin} secrets=${SECRETS:-/run/secrets}
  local replication=${REPLICATION:-3} min_insync=${MIN_INSYNC:-2} partitions=${PARTITIONS:-6}
  # A unit's own topic carries one unit's events: one partition is plenty (raise it with kafka-topics.sh --alter).
  local unit_partitions=${UNIT_PARTITIONS:-1}
  local client
  client=$(mktemp)
  trap "rm -f '$client'" EXIT
  cat > "$client" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat "$secrets/kafka_admin_password")";
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/kafka_ca
PROPS
  topic() { # name partitions
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$client" --create --if-not-exists \
      --topic "$1" --partitions "$2" --replication-factor "$replication" \
      --config min.insync.replicas="$min_insync" --config retention.ms=-1 --config retention.bytes=-1
  }
  scram() { # user password
    "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$client" --alter \
      --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" --entity-type users --entity-name "$1"
  }
  acl() { "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$client" "$@"; }

  local contract=(lawstats.training lawstats.disclosure lawstats.cases lawstats.activities)
  local name
  for name in "${contract[@]}"; do topic "$name" "$partitions"; done
  topic lawstats.dlq "$partitions"
  # The audit trail of reads of personal data, exports and writes (docs/operations.md): appended to by the aggregator
  # only, kept AUDIT_RETENTION_DAYS (at least 180, 网络安全法 第21条), then deleted by age, never compacted nor for size;
  # the aggregator refuses to start otherwise (cleanup.policy=delete, retention.ms, retention.bytes=-1).
  local audit_days=${AUDIT_RETENTION_DAYS:-366}
  if ((audit_days < 180)); then
    echo "lawstats: AUDIT_RETENTION_DAYS must be at least 180" >&2
    exit 1
  fi
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$client" --create --if-not-exists \
    --topic lawstats.audit --partitions 1 --replication-factor "$replication" \
    --config min.insync.replicas="$min_insync" --config retention.ms=$((audit_days * 86400000)) \
    --config retention.bytes=-1 --config cleanup.policy=delete

  # What the aggregation publishes (ADR 15): the documents, case records and request records its search feed stores
  # in Elasticsearch. The latest record per key is all that counts: compacted. (The figures every instance reads are
  # its figure stores' changelogs, internal topics under its application id.)
  local result
  for result in lawstats.documents lawstats.case-records lawstats.request-records; do
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$client" --create --if-not-exists \
      --topic "$result" --partitions "$partitions" --replication-factor "$replication" \
      --config min.insync.replicas="$min_insync" --config cleanup.policy=compact
  done

  scram aggregator "$(cat "$secrets/kafka_aggregator_password")"
  acl --add --allow-principal User:aggregator --operation Read --operation Describe --operation DescribeConfigs \
    --topic lawstats. --resource-pattern-type prefixed
  acl --add --allow-principal User:aggregator --operation Write \
    --topic lawstats.training --topic lawstats.disclosure --topic lawstats.cases --topic lawstats.activities \
    --topic lawstats.dlq --topic lawstats.audit
  acl --add --allow-principal User:aggregator --operation Read --group lawstats- --resource-pattern-type prefixed
  acl --add --allow-principal User:aggregator --operation Describe --operation IdempotentWrite --cluster
  # The aggregation (Kafka Streams, exactly-once, ADR 15): its published results, its internal topics (changelogs and
  # repartitions, created by it and purged as consumed) and its transactional ids, all under its application id.
  acl --add --allow-principal User:aggregator --operation Write \
    --topic lawstats.documents --topic lawstats.case-records --topic lawstats.request-records
  acl --add --allow-principal User:aggregator --operation All \
    --topic lawstats-aggregation- --resource-pattern-type prefixed
  acl --add --allow-principal User:aggregator --operation Write --operation Describe \
    --transactional-id lawstats-aggregation --resource-pattern-type prefixed

  local unit password own principals=()
  while read -r unit password; do
    [[ -z "$unit" || "$unit" == \#* ]] && continue
    own=$(unit_topic "$unit")
    topic "$own" "$unit_partitions"
    scram "unit.$unit" "$password"
    acl --add --allow-principal "User:unit.$unit" --operation Write --operation Describe --topic "$own"
    principals+=(--allow-principal "User:unit.$unit")
  done < "$secrets/kafka_unit_passwords"

  if ((${#principals[@]})); then
    acl --add "${principals[@]}" --operation IdempotentWrite --cluster
    # The scheme before ADR 11 let every unit write every lawstats topic (a prefixed ACL, a DENY on the dead-letter
    # topic), and the aggregator write them all: removed, now that the literal ACLs above are in place.
    acl --remove --force "${principals[@]}" --operation Write --operation Describe \
      --topic lawstats. --resource-pattern-type prefixed
    acl --remove --force "${principals[@]/--allow-principal/--deny-principal}" --operation Write --topic lawstats.dlq
  fi
  acl --remove --force --allow-principal User:aggregator --operation Write \
    --topic lawstats. --resource-pattern-type prefixed
  echo "lawstats: topics, users and ACLs are in place"
}

# Sourced (TopicsTest compares unit_topic with Topics.ofUnit), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
