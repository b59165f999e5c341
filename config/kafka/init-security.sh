#!/bin/bash
# One-shot job of the compose topology: creates the lawstats topics (replication 3, min.insync.replicas 2, kept
# for good), a SCRAM user for the aggregator and one per unit of the registry, and their ACLs:
#   unit.<unitId>  may write (and describe) the four event topics, through the prefixed ACL on "lawstats.", and
#                  nothing else: an explicit DENY keeps it off the dead-letter topic; it cannot read any topic.
#   aggregator     may read the lawstats topics and its consumer groups, write the dead-letter and event topics
#                  (the HTTP gateway produces for units), and describe the cluster.
# Passwords come from secrets: kafka_admin_password, kafka_aggregator_password, and kafka_unit_passwords with one
# "<unitId> <password>" line per unit. Re-running it is safe (it also rotates passwords that changed).
set -euo pipefail
bootstrap=kafka-1:9092
admin_password=$(cat /run/secrets/kafka_admin_password)
client=/tmp/admin.properties
cat > "$client" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
PROPS
bin=/opt/kafka/bin
for topic in lawstats.training lawstats.disclosure lawstats.cases lawstats.activities lawstats.dlq; do
  $bin/kafka-topics.sh --bootstrap-server $bootstrap --command-config $client --create --if-not-exists \
    --topic "$topic" --partitions 6 --replication-factor 3 \
    --config min.insync.replicas=2 --config retention.ms=-1 --config retention.bytes=-1
done
scram() { # user password
  $bin/kafka-configs.sh --bootstrap-server $bootstrap --command-config $client --alter \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" --entity-type users --entity-name "$1"
}
acl() { $bin/kafka-acls.sh --bootstrap-server $bootstrap --command-config $client "$@"; }

scram aggregator "$(cat /run/secrets/kafka_aggregator_password)"
acl --add --allow-principal User:aggregator --operation Read --operation Describe --operation Write \
  --operation DescribeConfigs --topic lawstats. --resource-pattern-type prefixed
acl --add --allow-principal User:aggregator --operation Read --group lawstats- --resource-pattern-type prefixed
acl --add --allow-principal User:aggregator --operation Describe --operation IdempotentWrite --cluster

while read -r unit password; do
  [[ -z "$unit" || "$unit" == \#* ]] && continue
  scram "unit.$unit" "$password"
  acl --add --allow-principal "User:unit.$unit" --operation Write --operation Describe \
    --topic lawstats. --resource-pattern-type prefixed
  acl --add --deny-principal "User:unit.$unit" --operation Write --topic lawstats.dlq
  acl --add --allow-principal "User:unit.$unit" --operation IdempotentWrite --cluster
done < /run/secrets/kafka_unit_passwords
echo "lawstats: topics, users and ACLs are in place"
