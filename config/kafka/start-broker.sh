#!/bin/bash
# Starts one KRaft node (broker + controller) of the compose topology with SASL_SSL on every listener: clients and
# brokers authenticate with SCRAM-SHA-512 over TLS. The admin's SCRAM credential is written at format time, because
# brokers must authenticate to each other before anyone could create it through the API. Secrets come from
# /run/secrets: kafka_admin_password, and the TLS material of config/kafka/make-tls.sh (kafka_keystore, this node's
# own PKCS12 keystore; kafka_tls_password; kafka_ca, the CA certificate every node and client trusts).
set -euo pipefail
: "${NODE_ID:?}" "${CLUSTER_ID:?}" "${VOTERS:?}"
admin_password=$(cat /run/secrets/kafka_admin_password)
tls_password=$(cat /run/secrets/kafka_tls_password)
config=/tmp/server.properties
cat > "$config" <<PROPS
node.id=${NODE_ID}
process.roles=broker,controller
controller.quorum.voters=${VOTERS}
controller.listener.names=CONTROLLER
listeners=SASL://:9092,CONTROLLER://:9093
advertised.listeners=SASL://kafka-${NODE_ID}:9092
listener.security.protocol.map=SASL:SASL_SSL,CONTROLLER:SASL_SSL
inter.broker.listener.name=SASL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
# Controllers cannot use SCRAM: its credentials live in the metadata log that the controllers themselves serve, so
# they could not authenticate to each other before reading it. PLAIN with the same secret, inside TLS like the rest.
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${admin_password}" user_admin="${admin_password}";
# One certificate per node, for its name kafka-N (clients check it), signed by the CA that every side trusts.
ssl.keystore.type=PKCS12
ssl.keystore.location=/run/secrets/kafka_keystore
ssl.keystore.password=${tls_password}
ssl.key.password=${tls_password}
ssl.truststore.type=PEM
ssl.truststore.location=/run/secrets/kafka_ca
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
num.partitions=6
auto.create.topics.enable=false
unclean.leader.election.enable=false
PROPS
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  /opt/kafka/bin/kafka-storage.sh format --config "$config" --cluster-id "$CLUSTER_ID" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=${admin_password}]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
