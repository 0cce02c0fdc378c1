# The query API: query-service's Lambda package (-Plambda) behind an API Gateway HTTP API (payload format 2.0),
# serving the REST API under /api and the dashboard at /. Read-only on the table. Same resources as QueryFunction and
# QueryApi in ../../../template.yaml.

data "aws_partition" "current" {}

locals {
  name = "quotepipe-query${var.suffix}"
}

resource "aws_cloudwatch_log_group" "query" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = var.log_retention_days
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

resource "aws_iam_role" "query" {
  name_prefix        = "quotepipe-query-"
  description        = "quotepipe query API function (query-service)"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "query" {
  # Latest quotes, a coin's history and candles: Query and GetItem; the readiness check describes the table.
  statement {
    sid       = "ReadQuoteItems"
    actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"]
    resources = [var.table_arn]
  }

  # The dashboard's pipeline panel: the newest batch, the quarantine objects and their line counts, and what the
  # stages record for it (status/, dead-letters/ counted by listing, alerts/).
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["quotes/*", "quarantine/*", "status/*", "dead-letters/*", "alerts/*"]
    }
  }

  statement {
    sid     = "ReadQuarantineAndRecords"
    actions = ["s3:GetObject"]
    resources = [
      "${var.bucket_arn}/quarantine/*",
      "${var.bucket_arn}/status/*",
      "${var.bucket_arn}/dead-letters/*",
      "${var.bucket_arn}/alerts/*",
    ]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.query.arn}:*"]
  }
}

resource "aws_iam_role_policy" "query" {
  name   = "query"
  role   = aws_iam_role.query.id
  policy = data.aws_iam_policy_document.query.json
}

resource "aws_lambda_function" "query" {
  function_name    = local.name
  description      = "quotepipe query API and dashboard (query-service, API Gateway HTTP API)"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  handler          = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  runtime          = "java21"
  # A JVM package runs on either architecture; arm64 costs about 20 % less (as in template.yaml).
  architectures = ["arm64"]
  # Start-up time shrinks with the CPU that comes with memory (query-service/README.md).
  memory_size = 1024
  timeout     = 29
  role        = aws_iam_role.query.arn
  # A configuration change publishes a new version, which the alias and so the API then invoke.
  publish = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.query.name
  }

  environment {
    variables = {
      QUOTEPIPE_DYNAMODB_TABLE = var.table_name
      QUOTEPIPE_S3_BUCKET      = var.bucket_name
      JAVA_TOOL_OPTIONS        = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    }
  }

  depends_on = [aws_iam_role_policy.query]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.query.function_name
  function_version = aws_lambda_function.query.version
}

resource "aws_apigatewayv2_api" "query" {
  name          = local.name
  description   = "quotepipe query API and dashboard"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "query" {
  api_id                 = aws_apigatewayv2_api.query.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live.invoke_arn
  payload_format_version = "2.0"
}

# Every path to the function: the API under /api, the OpenAPI document under /q, the dashboard's files at /.
resource "aws_apigatewayv2_route" "all" {
  api_id    = aws_apigatewayv2_api.query.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.query.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.query.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowQueryApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.query.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.query.execution_arn}/*/*"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name}-errors"
  alarm_description   = "The query API failed requests (Lambda errors); see the query function's log group."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.query.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
}
