#!/bin/bash
# The alarms of template.yaml that LocalStack's CloudWatch can evaluate: function errors and dead letters, to the
# alerts topic. Safe to rerun: PutMetricAlarm replaces an alarm of the same name.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

alarm() { # alarm <name> <namespace> <metric> <dimension Name=..,Value=..> <statistic>
  awslocal cloudwatch put-metric-alarm --alarm-name "$1" --namespace "$2" --metric-name "$3" --dimensions "$4" \
    --statistic "$5" --period 300 --evaluation-periods 1 --threshold 1 \
    --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching \
    --alarm-actions "$QUOTEPIPE_ALERTS_TOPIC_ARN" --ok-actions "$QUOTEPIPE_ALERTS_TOPIC_ARN"
}

alarm "$QUOTEPIPE_POLLER_FUNCTION-errors" AWS/Lambda Errors "Name=FunctionName,Value=$QUOTEPIPE_POLLER_FUNCTION" Sum
alarm "$QUOTEPIPE_LOADER_FUNCTION-errors" AWS/Lambda Errors "Name=FunctionName,Value=$QUOTEPIPE_LOADER_FUNCTION" Sum
alarm "$QUOTEPIPE_POLLER_DLQ-not-empty" AWS/SQS ApproximateNumberOfMessagesVisible "Name=QueueName,Value=$QUOTEPIPE_POLLER_DLQ" Maximum
alarm "$QUOTEPIPE_LOADER_DLQ-not-empty" AWS/SQS ApproximateNumberOfMessagesVisible "Name=QueueName,Value=$QUOTEPIPE_LOADER_DLQ" Maximum
log "alarms ready"
