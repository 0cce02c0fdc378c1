# The poller: a Lambda function on an EventBridge schedule, publishing each poll's quotes to Kafka. Same resources as
# PollerFunction in ../../../template.yaml.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  name   = "quotepipe-poller${var.suffix}"
  native = var.function_runtime == "native"
  # The cluster's "<name>/<uuid>", which its topics' and groups' ARNs carry.
  cluster_path = var.msk_cluster_arn == "" ? "" : split(":cluster/", var.msk_cluster_arn)[1]
  kafka_arn    = "arn:${data.aws_partition.current.partition}:kafka:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
}

resource "aws_cloudwatch_log_group" "poller" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "quotepipe-poller-dlq${var.suffix}"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "poller" {
  name_prefix        = "quotepipe-poller-"
  description        = "quotepipe poller function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# ENIs in the subnets, to reach Kafka: the AWS managed policy for exactly that. Not AWSLambdaVPCAccessExecutionRole,
# which also grants logs:* on every log group and would make the narrow WriteOwnLogs statement pointless.
resource "aws_iam_role_policy_attachment" "vpc" {
  role       = aws_iam_role.poller.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"
}

data "aws_iam_policy_document" "poller" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.poller.arn}:*"]
  }

  statement {
    sid       = "DeadLetterFailedPolls"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters.arn]
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }

  # SecureStrings under the aws/ssm key: decrypting through SSM needs no KMS grant of the role's own.
  # The pipeline panel's records in the lake: each poll's outcome (one fixed key) and each alert.
  statement {
    sid       = "RecordPollsAndAlerts"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/status/poller.json", "${var.bucket_arn}/alerts/*"]
  }

  statement {
    sid       = "ReadProviderApiKeys"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${var.api_keys_parameter_path}/*"]
  }
}

resource "aws_iam_role_policy" "poller" {
  name   = "poller"
  role   = aws_iam_role.poller.id
  policy = data.aws_iam_policy_document.poller.json
}

# MSK IAM access control: https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html
data "aws_iam_policy_document" "kafka" {
  statement {
    sid       = "ConnectIdempotentProducer"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"]
    resources = [var.msk_cluster_arn]
  }

  statement {
    sid       = "ProduceQuotes"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = ["${local.kafka_arn}:topic/${local.cluster_path}/${var.kafka_topic}"]
  }
}

resource "aws_iam_role_policy" "kafka" {
  count  = var.kafka_auth == "IAM" ? 1 : 0
  name   = "poller-kafka"
  role   = aws_iam_role.poller.id
  policy = data.aws_iam_policy_document.kafka.json
}

resource "aws_lambda_function" "poller" {
  function_name    = local.name
  description      = "Polls the quote providers and publishes the quotes to Kafka (EventBridge schedule)"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  handler          = local.native ? "not.used.in.provided.runtime" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  runtime          = local.native ? "provided.al2023" : "java21"
  architectures    = [var.architecture]
  memory_size      = local.native ? 256 : 512
  # A poll spends at most quotepipe.poller.fetch-deadline (20 s) on the providers, then quotepipe.kafka.send-timeout (30 s) on Kafka.
  timeout = 60
  role    = aws_iam_role.poller.arn
  publish = true

  dynamic "snap_start" {
    for_each = local.native ? [] : [1]
    content {
      apply_on = "PublishedVersions"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.poller.name
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  environment {
    variables = merge(
      {
        QUOTEPIPE_PROVIDERS        = var.providers_order
        QUOTEPIPE_KAFKA_TOPIC      = var.kafka_topic
        QUOTEPIPE_ALERTS_TOPIC_ARN = var.alerts_topic_arn
        QUOTEPIPE_S3_BUCKET        = var.bucket_name
      },
      {
        # Names of the SSM SecureStrings, never the keys: the poller reads them at run time.
        QUOTEPIPE_LIVECOINWATCH_API_KEY_PARAMETER = "${var.api_keys_parameter_path}/livecoinwatch"
        QUOTEPIPE_COINCAP_API_KEY_PARAMETER       = "${var.api_keys_parameter_path}/coincap"
        QUOTEPIPE_FINNHUB_API_KEY_PARAMETER       = "${var.api_keys_parameter_path}/finnhub"
      },
      var.kafka_environment,
      local.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : { JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" },
    )
  }

  depends_on = [aws_iam_role_policy.poller, aws_iam_role_policy_attachment.vpc]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.poller.function_name
  function_version = aws_lambda_function.poller.version
}

# Asynchronous invocation: a failed poll is retried twice, but not once the next scheduled poll is due.
resource "aws_lambda_function_event_invoke_config" "poller" {
  function_name                = aws_lambda_function.poller.function_name
  qualifier                    = aws_lambda_alias.live.name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 240

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letters.arn
    }
  }
}

resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "quotepipe-poll-schedule${var.suffix}"
  description         = "Invokes the quotepipe poller"
  schedule_expression = var.poll_schedule
}

resource "aws_cloudwatch_event_target" "poller" {
  rule = aws_cloudwatch_event_rule.schedule.name
  arn  = aws_lambda_alias.live.arn
}

resource "aws_lambda_permission" "schedule" {
  statement_id  = "AllowPollSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.poller.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule.arn
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name}-errors"
  alarm_description   = "A poll failed (no provider answered, or Kafka did not acknowledge); see the poller's log group."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.poller.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "schedule_failed" {
  alarm_name          = "${local.name}-schedule-failed"
  alarm_description   = "EventBridge could not invoke the poller (throttling, permissions)."
  namespace           = "AWS/Events"
  metric_name         = "FailedInvocations"
  dimensions          = { RuleName = aws_cloudwatch_event_rule.schedule.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${aws_sqs_queue.dead_letters.name}-not-empty"
  alarm_description   = "A poll failed three times; its event waits in the poller's dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letters.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
}
