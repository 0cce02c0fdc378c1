# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source this file
# Names and settings of the LocalStack stack, sourced by every init script and by the Kafka topic script.
# The names are template.yaml's with Stage=prod (docs/design.md). The bucket is exactly the consumer's default,
# quotepipe-quotes: LocalStack has no global bucket namespace to share. Each can be overridden from the environment.

export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

QUOTEPIPE_S3_BUCKET="${QUOTEPIPE_S3_BUCKET:-quotepipe-quotes}"
QUOTEPIPE_DYNAMODB_TABLE="${QUOTEPIPE_DYNAMODB_TABLE:-crypto-quotes}"
QUOTEPIPE_ALERTS_TOPIC="${QUOTEPIPE_ALERTS_TOPIC:-quotepipe-alerts}"
QUOTEPIPE_ALERTS_INBOX="${QUOTEPIPE_ALERTS_INBOX:-quotepipe-alerts-inbox}"
QUOTEPIPE_ALERT_EMAIL="${QUOTEPIPE_ALERT_EMAIL:-ops@example.com}"
QUOTEPIPE_KAFKA_TOPIC="${QUOTEPIPE_KAFKA_TOPIC:-crypto-quotes}"
QUOTEPIPE_KAFKA_DLQ_TOPIC="${QUOTEPIPE_KAFKA_DLQ_TOPIC:-crypto-quotes-dlq}"
QUOTEPIPE_KAFKA_PARTITIONS="${QUOTEPIPE_KAFKA_PARTITIONS:-3}"
QUOTEPIPE_KAFKA_BOOTSTRAP="${QUOTEPIPE_KAFKA_BOOTSTRAP:-kafka:9092}"
QUOTEPIPE_POLLER_FUNCTION="${QUOTEPIPE_POLLER_FUNCTION:-quotepipe-poller}"
QUOTEPIPE_LOADER_FUNCTION="${QUOTEPIPE_LOADER_FUNCTION:-quotepipe-loader}"
QUOTEPIPE_QUERY_FUNCTION="${QUOTEPIPE_QUERY_FUNCTION:-quotepipe-query}"
QUOTEPIPE_POLLER_DLQ="${QUOTEPIPE_POLLER_DLQ:-quotepipe-poller-dlq}"
QUOTEPIPE_LOADER_DLQ="${QUOTEPIPE_LOADER_DLQ:-quotepipe-loader-dlq}"
QUOTEPIPE_POLL_SCHEDULE_RULE="${QUOTEPIPE_POLL_SCHEDULE_RULE:-quotepipe-poll-schedule}"
QUOTEPIPE_POLL_SCHEDULE="${QUOTEPIPE_POLL_SCHEDULE:-rate(5 minutes)}"
QUOTEPIPE_PROVIDERS="${QUOTEPIPE_PROVIDERS:-coinpaprika,coinlore,simulated}"
QUOTEPIPE_HISTORY_RETENTION="${QUOTEPIPE_HISTORY_RETENTION:-P90D}"
QUOTEPIPE_QUARANTINE_RETENTION_DAYS="${QUOTEPIPE_QUARANTINE_RETENTION_DAYS:-30}"
QUOTEPIPE_LAMBDA_ROLE="${QUOTEPIPE_LAMBDA_ROLE:-quotepipe-lambda}"

# Where LocalStack finds the built functions (docker-compose.yml mounts the modules' target/ directories here).
QUOTEPIPE_FUNCTIONS_DIR="${QUOTEPIPE_FUNCTIONS_DIR:-/opt/quotepipe}"
# How the Lambda containers reach LocalStack: its service name on the compose network.
QUOTEPIPE_AWS_ENDPOINT="${QUOTEPIPE_AWS_ENDPOINT:-http://localstack:4566}"

ACCOUNT_ID="000000000000"
QUOTEPIPE_ALERTS_TOPIC_ARN="arn:aws:sns:${AWS_DEFAULT_REGION}:${ACCOUNT_ID}:${QUOTEPIPE_ALERTS_TOPIC}"

log() { echo "quotepipe-init: $*"; }
