#!/bin/bash
# The functions' on-failure destinations, as template.yaml's PollerDeadLetterQueue and LoaderDeadLetterQueue.
# Safe to rerun: CreateQueue with the same attributes returns the existing queue.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

for queue in "$QUOTEPIPE_POLLER_DLQ" "$QUOTEPIPE_LOADER_DLQ"; do
  awslocal sqs create-queue --queue-name "$queue" --attributes MessageRetentionPeriod=1209600 >/dev/null
  log "queue $queue ready"
done
