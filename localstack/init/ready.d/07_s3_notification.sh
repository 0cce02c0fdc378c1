#!/bin/bash
# The loader's S3 ObjectCreated notification, filtered as template.yaml's BatchCreated event: only batch objects
# (quotes/ ... .jsonl.gz), never the loader's own quarantine/ objects. Safe to rerun: the configuration is replaced.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

if ! awslocal lambda get-alias --function-name "$QUOTEPIPE_LOADER_FUNCTION" --name live >/dev/null 2>&1; then
  log "SKIPPED the bucket notification: no loader function (see 05_functions.sh)"
  exit 0
fi
alias_arn="arn:aws:lambda:${AWS_DEFAULT_REGION}:${ACCOUNT_ID}:function:${QUOTEPIPE_LOADER_FUNCTION}:live"
if ! awslocal lambda get-policy --function-name "$QUOTEPIPE_LOADER_FUNCTION" --qualifier live 2>/dev/null | grep -q AllowLakeBucket; then
  awslocal lambda add-permission --function-name "$QUOTEPIPE_LOADER_FUNCTION" --qualifier live \
    --statement-id AllowLakeBucket --action lambda:InvokeFunction --principal s3.amazonaws.com \
    --source-arn "arn:aws:s3:::$QUOTEPIPE_S3_BUCKET" >/dev/null
fi
awslocal s3api put-bucket-notification-configuration --bucket "$QUOTEPIPE_S3_BUCKET" --notification-configuration "$(cat <<JSON
{"LambdaFunctionConfigurations":[{"Id":"quotepipe-loader","LambdaFunctionArn":"$alias_arn","Events":["s3:ObjectCreated:*"],
 "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"quotes/"},{"Name":"suffix","Value":".jsonl.gz"}]}}}]}
JSON
)"
log "bucket $QUOTEPIPE_S3_BUCKET notifies $QUOTEPIPE_LOADER_FUNCTION of quotes/*.jsonl.gz"
