#!/bin/bash
# Last init script: says what is there. LocalStack's /_localstack/init/ready reports completed once this has run,
# which is what the compose health check waits for.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

log "ready: bucket $QUOTEPIPE_S3_BUCKET, table $QUOTEPIPE_DYNAMODB_TABLE, topic $QUOTEPIPE_ALERTS_TOPIC_ARN"
log "functions: $(awslocal lambda list-functions --query 'Functions[].FunctionName' --output text || true)"
log "Kafka topics $QUOTEPIPE_KAFKA_TOPIC and $QUOTEPIPE_KAFKA_DLQ_TOPIC come from the kafka-init service"
