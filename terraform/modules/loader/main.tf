# The loader: a Lambda function notified of every new batch object under quotes/, loading it into DynamoDB. Same
# resources as LoaderFunction in ../../../template.yaml.

locals {
  name   = "quotepipe-loader${var.suffix}"
  native = var.function_runtime == "native"
}

resource "aws_cloudwatch_log_group" "loader" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "quotepipe-loader-dlq${var.suffix}"
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

resource "aws_iam_role" "loader" {
  name_prefix        = "quotepipe-loader-"
  description        = "quotepipe loader function (s3-to-dynamo-function)"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "loader" {
  statement {
    sid       = "ReadBatchObjects"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/quotes/*"]
  }

  # The quarantine object follows the object's current content: a load with no bad line deletes it.
  statement {
    sid       = "WriteQuarantine"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.bucket_arn}/quarantine/*"]
  }

  # The pipeline panel's records: the last load (one fixed key) and each alert. Outside quotes/: they trigger no load.
  statement {
    sid       = "RecordLoadsAndAlerts"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/status/loader.json", "${var.bucket_arn}/alerts/*"]
  }

  # History, latest and candles by conditional PutItem; UpdateItem for the alert fold state.
  statement {
    sid       = "WriteQuoteItems"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [var.table_arn]
  }

  # GetItem and Query: a candle and its sources (recomputed), and the alerts' fold state (pk ALERTS) that a later container flushes.
  statement {
    sid       = "ReadLatestAndCandles"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = [var.table_arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.loader.arn}:*"]
  }

  statement {
    sid       = "DeadLetterFailedLoads"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters.arn]
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}

resource "aws_iam_role_policy" "loader" {
  name   = "loader"
  role   = aws_iam_role.loader.id
  policy = data.aws_iam_policy_document.loader.json
}

resource "aws_lambda_function" "loader" {
  function_name    = local.name
  description      = "Loads each new S3 batch object into DynamoDB and quarantines bad lines (S3 ObjectCreated)"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  handler          = local.native ? "not.used.in.provided.runtime" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  runtime          = local.native ? "provided.al2023" : "java21"
  architectures    = [var.architecture]
  memory_size      = local.native ? 256 : 512
  # A full batch (10,000 lines) is 10,000 conditional PutItem calls, write-concurrency at a time, with backoff when throttled.
  timeout = 300
  role    = aws_iam_role.loader.arn
  publish = true

  dynamic "snap_start" {
    for_each = local.native ? [] : [1]
    content {
      apply_on = "PublishedVersions"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.loader.name
  }

  environment {
    variables = merge(
      {
        QUOTEPIPE_DYNAMODB_TABLE   = var.table_name
        QUOTEPIPE_ALERTS_TOPIC_ARN = var.alerts_topic_arn
        QUOTEPIPE_S3_BUCKET        = var.bucket_name
      },
      var.history_retention_days == 0 ? {} : { QUOTEPIPE_LOADER_RETENTION = "P${var.history_retention_days}D" },
      local.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : { JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" },
    )
  }

  depends_on = [aws_iam_role_policy.loader]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.loader.function_name
  function_version = aws_lambda_function.loader.version
}

# Loads are idempotent (keys come from the data), so Lambda's retries are safe; what still fails waits in the DLQ.
resource "aws_lambda_function_event_invoke_config" "loader" {
  function_name                = aws_lambda_function.loader.function_name
  qualifier                    = aws_lambda_alias.live.name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letters.arn
    }
  }
}

resource "aws_lambda_permission" "bucket" {
  statement_id   = "AllowLakeBucket"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.loader.function_name
  qualifier      = aws_lambda_alias.live.name
  principal      = "s3.amazonaws.com"
  source_arn     = var.bucket_arn
  source_account = data.aws_caller_identity.current.account_id
}

data "aws_caller_identity" "current" {}

# Only batch objects: quarantine/ objects must not trigger the loader again.
resource "aws_s3_bucket_notification" "batches" {
  bucket = var.bucket_name

  lambda_function {
    id                  = "quotepipe-loader"
    lambda_function_arn = aws_lambda_alias.live.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "quotes/"
    filter_suffix       = ".jsonl.gz"
  }

  depends_on = [aws_lambda_permission.bucket]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name}-errors"
  alarm_description   = "Loading an S3 batch into DynamoDB failed; Lambda retries it twice."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.loader.function_name }
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
  alarm_description   = "An S3 batch could not be loaded after three attempts; its event waits in the loader's dead-letter queue."
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
