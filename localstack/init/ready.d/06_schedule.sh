#!/bin/bash
# The poller's EventBridge schedule, as template.yaml's PollSchedule event. Safe to rerun: PutRule and PutTargets
# replace, the permission is added only when missing.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../names.sh
. /etc/localstack/init/names.sh

if ! awslocal lambda get-alias --function-name "$QUOTEPIPE_POLLER_FUNCTION" --name live >/dev/null 2>&1; then
  log "SKIPPED the schedule: no poller function (see 05_functions.sh)"
  exit 0
fi
rule_arn=$(awslocal events put-rule --name "$QUOTEPIPE_POLL_SCHEDULE_RULE" \
  --schedule-expression "$QUOTEPIPE_POLL_SCHEDULE" --state ENABLED --query RuleArn --output text)
alias_arn="arn:aws:lambda:${AWS_DEFAULT_REGION}:${ACCOUNT_ID}:function:${QUOTEPIPE_POLLER_FUNCTION}:live"
awslocal events put-targets --rule "$QUOTEPIPE_POLL_SCHEDULE_RULE" --targets "Id=poller,Arn=$alias_arn" >/dev/null
if ! awslocal lambda get-policy --function-name "$QUOTEPIPE_POLLER_FUNCTION" --qualifier live 2>/dev/null | grep -q AllowPollSchedule; then
  awslocal lambda add-permission --function-name "$QUOTEPIPE_POLLER_FUNCTION" --qualifier live \
    --statement-id AllowPollSchedule --action lambda:InvokeFunction --principal events.amazonaws.com \
    --source-arn "$rule_arn" >/dev/null
fi
log "schedule $QUOTEPIPE_POLL_SCHEDULE_RULE ready: $QUOTEPIPE_POLL_SCHEDULE"
