#!/bin/bash
# The alerts topic with its e-mail subscription, as template.yaml's AlertsTopic. LocalStack sends no e-mail, so an SQS
# queue is subscribed too: read the alerts with
#   awslocal sqs receive-message --queue-url http://localhost:4566/000000000000/quotepipe-alerts-inbox
# Safe to rerun: CreateTopic and CreateQueue return what exists, subscriptions are made only when missing.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

topic_arn=$(awslocal sns create-topic --name "$QUOTEPIPE_ALERTS_TOPIC" --query TopicArn --output text)
queue_url=$(awslocal sqs create-queue --queue-name "$QUOTEPIPE_ALERTS_INBOX" --query QueueUrl --output text)
queue_arn=$(awslocal sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn \
  --query Attributes.QueueArn --output text)

subscriptions=$(awslocal sns list-subscriptions-by-topic --topic-arn "$topic_arn" --query 'Subscriptions[].Endpoint' --output text)
if ! grep -qF "$QUOTEPIPE_ALERT_EMAIL" <<<"$subscriptions"; then
  awslocal sns subscribe --topic-arn "$topic_arn" --protocol email --notification-endpoint "$QUOTEPIPE_ALERT_EMAIL" >/dev/null
fi
if ! grep -qF "$queue_arn" <<<"$subscriptions"; then
  awslocal sns subscribe --topic-arn "$topic_arn" --protocol sqs --notification-endpoint "$queue_arn" >/dev/null
fi
log "topic $topic_arn ready (inbox queue $QUOTEPIPE_ALERTS_INBOX)"
