#!/bin/bash
# The Lambda functions from their built function.zip, with the template's handler, runtime, timeouts and
# environment, an alias "live" and the on-failure destinations; the query API behind a function URL. LocalStack runs each in a container on the compose
# network (LAMBDA_DOCKER_NETWORK), where Kafka is kafka:9092 and LocalStack is localstack:4566.
# Safe to rerun: a function that exists gets its code and configuration updated instead.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

handler="io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
role_arn="arn:aws:iam::${ACCOUNT_ID}:role/${QUOTEPIPE_LAMBDA_ROLE}"
if ! awslocal iam get-role --role-name "$QUOTEPIPE_LAMBDA_ROLE" >/dev/null 2>&1; then
  awslocal iam create-role --role-name "$QUOTEPIPE_LAMBDA_ROLE" --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
fi

poller_environment=$(cat <<JSON
{"Variables":{
  "QUOTEPIPE_PROVIDERS":"$QUOTEPIPE_PROVIDERS",
  "QUOTEPIPE_KAFKA_TOPIC":"$QUOTEPIPE_KAFKA_TOPIC",
  "QUOTEPIPE_ALERTS_TOPIC_ARN":"$QUOTEPIPE_ALERTS_TOPIC_ARN",
  "KAFKA_BOOTSTRAP_SERVERS":"$QUOTEPIPE_KAFKA_BOOTSTRAP",
  "KAFKA_SECURITY_PROTOCOL":"PLAINTEXT",
  "AWS_ENDPOINT_URL_SNS":"$QUOTEPIPE_AWS_ENDPOINT",
  "AWS_ENDPOINT_URL_SSM":"$QUOTEPIPE_AWS_ENDPOINT",
  "JAVA_TOOL_OPTIONS":"-XX:+TieredCompilation -XX:TieredStopAtLevel=1"}}
JSON
)
query_environment=$(cat <<JSON
{"Variables":{
  "QUOTEPIPE_DYNAMODB_TABLE":"$QUOTEPIPE_DYNAMODB_TABLE",
  "AWS_ENDPOINT_URL_DYNAMODB":"$QUOTEPIPE_AWS_ENDPOINT",
  "JAVA_TOOL_OPTIONS":"-XX:+TieredCompilation -XX:TieredStopAtLevel=1"}}
JSON
)
loader_environment=$(cat <<JSON
{"Variables":{
  "QUOTEPIPE_DYNAMODB_TABLE":"$QUOTEPIPE_DYNAMODB_TABLE",
  "QUOTEPIPE_LOADER_RETENTION":"$QUOTEPIPE_HISTORY_RETENTION",
  "QUOTEPIPE_ALERTS_TOPIC_ARN":"$QUOTEPIPE_ALERTS_TOPIC_ARN",
  "AWS_ENDPOINT_URL_S3":"$QUOTEPIPE_AWS_ENDPOINT",
  "AWS_ENDPOINT_URL_DYNAMODB":"$QUOTEPIPE_AWS_ENDPOINT",
  "AWS_ENDPOINT_URL_SNS":"$QUOTEPIPE_AWS_ENDPOINT",
  "QUARKUS_S3_PATH_STYLE_ACCESS":"true",
  "JAVA_TOOL_OPTIONS":"-XX:+TieredCompilation -XX:TieredStopAtLevel=1"}}
JSON
)

# deploy <name> <module> <timeout> <dead-letter queue> <environment json>
deploy() {
  local name=$1 module=$2 timeout=$3 dlq=$4 environment=$5 version
  local zip="$QUOTEPIPE_FUNCTIONS_DIR/$module/function.zip"
  if [ ! -f "$zip" ]; then
    log "SKIPPED $name: $zip is missing; build first (./quotepipe build) and rerun this script"
    return 0
  fi
  if awslocal lambda get-function --function-name "$name" >/dev/null 2>&1; then
    awslocal lambda update-function-code --function-name "$name" --zip-file "fileb://$zip" >/dev/null
    awslocal lambda wait function-updated-v2 --function-name "$name"
    awslocal lambda update-function-configuration --function-name "$name" --environment "$environment" \
      --timeout "$timeout" --memory-size 512 >/dev/null
  else
    awslocal lambda create-function --function-name "$name" --runtime java21 --handler "$handler" \
      --role "$role_arn" --zip-file "fileb://$zip" --timeout "$timeout" --memory-size 512 \
      --environment "$environment" >/dev/null
  fi
  awslocal lambda wait function-active-v2 --function-name "$name"
  awslocal lambda wait function-updated-v2 --function-name "$name"
  version=$(awslocal lambda publish-version --function-name "$name" --query Version --output text)
  if awslocal lambda get-alias --function-name "$name" --name live >/dev/null 2>&1; then
    awslocal lambda update-alias --function-name "$name" --name live --function-version "$version" >/dev/null
  else
    awslocal lambda create-alias --function-name "$name" --name live --function-version "$version" >/dev/null
  fi
  awslocal lambda put-function-event-invoke-config --function-name "$name" --qualifier live \
    --maximum-retry-attempts 2 --destination-config \
    "{\"OnFailure\":{\"Destination\":\"arn:aws:sqs:${AWS_DEFAULT_REGION}:${ACCOUNT_ID}:${dlq}\"}}" >/dev/null
  log "function $name ready (alias live -> version $version)"
}

deploy "$QUOTEPIPE_POLLER_FUNCTION" poller-function 60 "$QUOTEPIPE_POLLER_DLQ" "$poller_environment"
deploy "$QUOTEPIPE_LOADER_FUNCTION" s3-to-dynamo-function 300 "$QUOTEPIPE_LOADER_DLQ" "$loader_environment"

# The query API: in AWS an API Gateway HTTP API (payload format 2.0); LocalStack's community edition has no HTTP APIs,
# so a function URL, which sends the same payload 2.0 events, stands in for it.
query_zip="$QUOTEPIPE_FUNCTIONS_DIR/query-service/function.zip"
if [ ! -f "$query_zip" ]; then
  log "SKIPPED $QUOTEPIPE_QUERY_FUNCTION: $query_zip is missing; build it (./mvnw -pl query-service -am package -Plambda -DskipTests) and rerun this script"
else
  if awslocal lambda get-function --function-name "$QUOTEPIPE_QUERY_FUNCTION" >/dev/null 2>&1; then
    awslocal lambda update-function-code --function-name "$QUOTEPIPE_QUERY_FUNCTION" --zip-file "fileb://$query_zip" >/dev/null
    awslocal lambda wait function-updated-v2 --function-name "$QUOTEPIPE_QUERY_FUNCTION"
    awslocal lambda update-function-configuration --function-name "$QUOTEPIPE_QUERY_FUNCTION" \
      --environment "$query_environment" --timeout 29 --memory-size 1024 >/dev/null
  else
    awslocal lambda create-function --function-name "$QUOTEPIPE_QUERY_FUNCTION" --runtime java21 --handler "$handler" \
      --role "$role_arn" --zip-file "fileb://$query_zip" --timeout 29 --memory-size 1024 \
      --environment "$query_environment" >/dev/null
  fi
  awslocal lambda wait function-active-v2 --function-name "$QUOTEPIPE_QUERY_FUNCTION"
  if ! awslocal lambda get-function-url-config --function-name "$QUOTEPIPE_QUERY_FUNCTION" >/dev/null 2>&1; then
    awslocal lambda create-function-url-config --function-name "$QUOTEPIPE_QUERY_FUNCTION" --auth-type NONE >/dev/null
  fi
  query_url=$(awslocal lambda get-function-url-config --function-name "$QUOTEPIPE_QUERY_FUNCTION" --query FunctionUrl --output text)
  log "query API ready at $query_url (dashboard at /, API under /api)"
fi
