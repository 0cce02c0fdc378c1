#!/bin/bash
# Creates the Kafka topics of docs/design.md on the compose broker (auto-creation is off, as on MSK).
# Safe to rerun: --if-not-exists.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../init/names.sh
. /etc/localstack/init/names.sh

kafka_topics=/opt/kafka/bin/kafka-topics.sh
"$kafka_topics" --bootstrap-server "$QUOTEPIPE_KAFKA_BOOTSTRAP" --create --if-not-exists \
  --topic "$QUOTEPIPE_KAFKA_TOPIC" --partitions "$QUOTEPIPE_KAFKA_PARTITIONS" --replication-factor 1
"$kafka_topics" --bootstrap-server "$QUOTEPIPE_KAFKA_BOOTSTRAP" --create --if-not-exists \
  --topic "$QUOTEPIPE_KAFKA_DLQ_TOPIC" --partitions 1 --replication-factor 1
log "Kafka topics ready: $("$kafka_topics" --bootstrap-server "$QUOTEPIPE_KAFKA_BOOTSTRAP" --list | tr '\n' ' ')"
