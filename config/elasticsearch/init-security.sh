#!/bin/bash
# One-shot job of the compose topology (elasticsearch-init): the aggregator's Elasticsearch user, lawstats-aggregator,
# in the native realm, with the role lawstats_aggregator and nothing else (config/elasticsearch/roles.yml, which every
# node reads) and the password of the secret elasticsearch_aggregator_password. It acts as the built-in superuser
# elastic (secret elasticsearch_admin_password), then checks as the new user that the role is in force. Re-running it
# is safe and sets the password anew: a rotation (docs/operations.md).
set -euo pipefail
es=${ELASTICSEARCH_URL:-https://elasticsearch:9200}
ca=${ELASTICSEARCH_CA:-/trust/ca.crt}
secrets=${SECRETS_DIR:-/run/secrets}
admin_password=$(cat "$secrets/elasticsearch_admin_password")
password=$(cat "$secrets/elasticsearch_aggregator_password")
# The password is written into a JSON string below: only characters that need no escaping.
if [[ ! $password =~ ^[A-Za-z0-9._~+/=-]{16,}$ ]]; then
  echo "lawstats: elasticsearch_aggregator_password must be 16 or more of A-Z a-z 0-9 . _ ~ + / = -" >&2
  exit 1
fi

es_as() { # user password curl-arguments...: a request to Elasticsearch; the credentials never on a command line
  local user=$1 secret=$2
  shift 2
  curl --fail-with-body -sS --cacert "$ca" -H 'Content-Type: application/json' \
    --config <(printf 'header = "Authorization: Basic %s"\n' "$(printf '%s:%s' "$user" "$secret" | base64 -w0)") \
    "$@"
}

es_as elastic "$admin_password" -X PUT "$es/_security/user/lawstats-aggregator" --data-binary @- <<JSON
{"password": "$password", "roles": ["lawstats_aggregator"], "full_name": "lawstats aggregator"}
JSON
echo
granted=$(es_as lawstats-aggregator "$password" -X POST "$es/_security/user/_has_privileges" --data-binary @- <<'JSON'
{"cluster": ["cluster:monitor/health", "indices:admin/index_template/put"],
 "index": [{"names": ["lawstats-events", "lawstats-cases"],
            "privileges": ["create_index", "index", "read", "view_index_metadata"]}]}
JSON
)
if [[ $granted != *'"has_all_requested":true'* ]]; then
  echo "lawstats: lawstats-aggregator lacks privileges of its role (is config/elasticsearch/roles.yml mounted into" \
    "every node?): $granted" >&2
  exit 1
fi
echo "lawstats: the aggregator's Elasticsearch user is in place, with the role lawstats_aggregator"
