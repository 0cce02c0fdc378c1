#!/bin/bash
# The lake bucket, as template.yaml's QuotesBucket: encrypted, public access blocked, TLS-only policy, versioned,
# quarantine/ expiring. Safe to rerun: every call sets the same state.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

if ! awslocal s3api head-bucket --bucket "$QUOTEPIPE_S3_BUCKET" >/dev/null 2>&1; then
  awslocal s3api create-bucket --bucket "$QUOTEPIPE_S3_BUCKET" >/dev/null
  log "created bucket $QUOTEPIPE_S3_BUCKET"
fi

awslocal s3api put-bucket-encryption --bucket "$QUOTEPIPE_S3_BUCKET" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
awslocal s3api put-public-access-block --bucket "$QUOTEPIPE_S3_BUCKET" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
awslocal s3api put-bucket-versioning --bucket "$QUOTEPIPE_S3_BUCKET" --versioning-configuration Status=Enabled
awslocal s3api put-bucket-policy --bucket "$QUOTEPIPE_S3_BUCKET" --policy "$(cat <<JSON
{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
 "Resource":["arn:aws:s3:::$QUOTEPIPE_S3_BUCKET","arn:aws:s3:::$QUOTEPIPE_S3_BUCKET/*"],
 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
JSON
)"
awslocal s3api put-bucket-lifecycle-configuration --bucket "$QUOTEPIPE_S3_BUCKET" --lifecycle-configuration "$(cat <<JSON
{"Rules":[
 {"ID":"expire-quarantine","Status":"Enabled","Filter":{"Prefix":"quarantine/"},"Expiration":{"Days":$QUOTEPIPE_QUARANTINE_RETENTION_DAYS}},
 {"ID":"expire-noncurrent-versions","Status":"Enabled","Filter":{},"NoncurrentVersionExpiration":{"NoncurrentDays":30},
  "AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]}
JSON
)"
log "bucket $QUOTEPIPE_S3_BUCKET ready"
