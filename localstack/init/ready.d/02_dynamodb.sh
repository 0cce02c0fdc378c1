#!/bin/bash
# The single table of docs/design.md, as template.yaml's QuotesTable: pk/sk strings, on demand, PITR, TTL on expiresAt.
# Safe to rerun: the table is created only when missing.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

if ! awslocal dynamodb describe-table --table-name "$QUOTEPIPE_DYNAMODB_TABLE" >/dev/null 2>&1; then
  awslocal dynamodb create-table --table-name "$QUOTEPIPE_DYNAMODB_TABLE" \
    --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S \
    --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
    --billing-mode PAY_PER_REQUEST --sse-specification Enabled=true >/dev/null
  awslocal dynamodb wait table-exists --table-name "$QUOTEPIPE_DYNAMODB_TABLE"
  log "created table $QUOTEPIPE_DYNAMODB_TABLE"
fi

if ! awslocal dynamodb describe-time-to-live --table-name "$QUOTEPIPE_DYNAMODB_TABLE" | grep -q '"ENABLED"'; then
  awslocal dynamodb update-time-to-live --table-name "$QUOTEPIPE_DYNAMODB_TABLE" \
    --time-to-live-specification Enabled=true,AttributeName=expiresAt >/dev/null
fi
awslocal dynamodb update-continuous-backups --table-name "$QUOTEPIPE_DYNAMODB_TABLE" \
  --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true >/dev/null
log "table $QUOTEPIPE_DYNAMODB_TABLE ready"
