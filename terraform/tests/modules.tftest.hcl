# What single modules plan, checked on the planned resources themselves (a module under test is the root of its run,
# so its resources and data sources can be asserted on). Mocked AWS provider, as in stack.tftest.hcl.

mock_provider "aws" {
  source = "./tests"
}

run "consumer_is_granted_the_dead_letter_topic_it_derives" {
  command = plan

  module {
    source = "./modules/consumer"
  }

  variables {
    suffix             = ""
    image_tag          = "0.1.0"
    architecture       = "x86_64"
    capacity_provider  = "FARGATE"
    max_count          = 3
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
    assign_public_ip   = true
    bucket_name        = "quotepipe-quotes-123456789012-us-east-1"
    bucket_arn         = "arn:aws:s3:::quotepipe-quotes-123456789012-us-east-1"
    kafka_environment  = { KAFKA_BOOTSTRAP_SERVERS = "b-1.example:9098" }
    kafka_auth         = "IAM"
    msk                = true
    msk_cluster_arn    = "arn:aws:kafka:us-east-1:123456789012:cluster/quotepipe/0b5f7a9e-1111-2222-3333-444455556666-2"
    kafka_topic        = "prices"
    alerts_topic_arn   = "arn:aws:sns:us-east-1:123456789012:quotepipe-alerts"
    log_retention_days = 30
  }

  # The consumer dead-letters to "<topic>-dlq" (docs/design.md): the grant must name that very topic.
  assert {
    condition = one([for s in data.aws_iam_policy_document.kafka.statement : one(s.resources) if s.sid == "ProduceDeadLetters"]) == (
    "arn:aws:kafka:us-east-1:123456789012:topic/quotepipe/0b5f7a9e-1111-2222-3333-444455556666-2/prices-dlq")
    error_message = "the consumer's IAM grant must name the dead-letter topic it writes: <kafka_topic>-dlq"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.lag) == 1 && length(aws_appautoscaling_policy.lag) == 1
    error_message = "MSK: a lag alarm and lag scaling"
  }

  assert {
    condition     = aws_ecs_service.consumer[0].network_configuration[0].assign_public_ip == true
    error_message = "assign_public_ip reaches the service"
  }
}

run "provisioned_msk_topics_are_durable" {
  command = plan

  module {
    source = "./modules/kafka"
  }

  variables {
    name                     = "quotepipe"
    mode                     = "provisioned"
    auth                     = "IAM"
    vpc_id                   = "vpc-0123456789abcdef0"
    subnet_ids               = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
    client_security_group_id = "sg-0123456789abcdef0"
    instance_type            = "kafka.t3.small"
    kafka_version            = "3.8.x"
  }

  # Three replicas, and acks=all waits for two: an acknowledged quote survives a broker's loss, and writes go on while
  # MSK patches one broker at a time.
  assert {
    condition = (strcontains(aws_msk_configuration.this[0].server_properties, "default.replication.factor=3")
    && strcontains(aws_msk_configuration.this[0].server_properties, "min.insync.replicas=2"))
    error_message = "MSK topics must default to replication factor 3 with min.insync.replicas=2"
  }

  assert {
    condition     = aws_msk_cluster.this[0].number_of_broker_nodes == 3
    error_message = "three brokers, one per zone"
  }
}

run "provisioned_msk_in_two_zones_is_refused" {
  command = plan

  module {
    source = "./modules/kafka"
  }

  variables {
    name                     = "quotepipe"
    mode                     = "provisioned"
    auth                     = "IAM"
    vpc_id                   = "vpc-0123456789abcdef0"
    subnet_ids               = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    client_security_group_id = "sg-0123456789abcdef0"
    instance_type            = "kafka.t3.small"
    kafka_version            = "3.8.x"
  }

  expect_failures = [aws_msk_cluster.this]
}

run "poller_gets_only_the_eni_rights_of_its_managed_policy" {
  command = plan

  module {
    source = "./modules/poller"
  }

  variables {
    suffix                  = ""
    function_zip            = "tests/placeholder-package.txt"
    function_runtime        = "jvm"
    architecture            = "x86_64"
    subnet_ids              = ["subnet-0123456789abcdef0"]
    security_group_ids      = ["sg-0123456789abcdef0"]
    kafka_environment       = { KAFKA_BOOTSTRAP_SERVERS = "b-1.example:9098" }
    kafka_auth              = "IAM"
    msk_cluster_arn         = "arn:aws:kafka:us-east-1:123456789012:cluster/quotepipe/0b5f7a9e-1111-2222-3333-444455556666-2"
    kafka_topic             = "crypto-quotes"
    providers_order         = "coinpaprika,coinlore,simulated"
    api_keys_parameter_path = "/quotepipe/providers"
    poll_schedule           = "rate(5 minutes)"
    alerts_topic_arn        = "arn:aws:sns:us-east-1:123456789012:quotepipe-alerts"
    bucket_name             = "quotepipe-quotes"
    bucket_arn              = "arn:aws:s3:::quotepipe-quotes"
    log_retention_days      = 30
  }

  # AWSLambdaVPCAccessExecutionRole would also grant logs:* on every log group.
  assert {
    condition     = aws_iam_role_policy_attachment.vpc.policy_arn == "arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"
    error_message = "the poller's managed policy must be AWSLambdaENIManagementAccess"
  }

  assert {
    condition     = aws_lambda_function.poller.environment[0].variables["QUOTEPIPE_PROVIDERS"] == "coinpaprika,coinlore,simulated"
    error_message = "providers_order reaches the poller"
  }

  # The pipeline panel's records: the poller writes its own status object and alerts, nothing else of the lake.
  assert {
    condition = toset(flatten([for s in data.aws_iam_policy_document.poller.statement : s.resources if contains(s.actions, "s3:PutObject")])) == toset([
    "arn:aws:s3:::quotepipe-quotes/status/poller.json", "arn:aws:s3:::quotepipe-quotes/alerts/*"])
    error_message = "the poller may only put status/poller.json and alerts/* in the lake"
  }

  assert {
    condition     = aws_lambda_function.poller.environment[0].variables["QUOTEPIPE_S3_BUCKET"] == "quotepipe-quotes"
    error_message = "the poller records its polls in the stack's lake"
  }
}

run "without_nat_gateway_the_aws_apis_are_reached_through_endpoints" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name        = "quotepipe"
    cidr        = "10.42.0.0/16"
    az_count    = 3
    nat_gateway = false
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "sns", "ssm"])
    error_message = "ECR, CloudWatch Logs, SNS and SSM must be reachable without a NAT gateway"
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.private_dns_enabled])
    error_message = "the endpoints answer the services' usual names"
  }
}

run "with_nat_gateway_no_interface_endpoints" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name        = "quotepipe"
    cidr        = "10.42.0.0/16"
    az_count    = 3
    nat_gateway = true
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_nat_gateway.this) == 1
    error_message = "a NAT gateway and no interface endpoints"
  }
}

run "query_api_is_an_http_api_in_front_of_a_read_only_function" {
  command = plan

  module {
    source = "./modules/query"
  }

  variables {
    suffix             = ""
    function_zip       = "tests/placeholder-package.txt"
    table_name         = "crypto-quotes"
    table_arn          = "arn:aws:dynamodb:us-east-1:123456789012:table/crypto-quotes"
    bucket_name        = "quotepipe-quotes"
    bucket_arn         = "arn:aws:s3:::quotepipe-quotes"
    alerts_topic_arn   = "arn:aws:sns:us-east-1:123456789012:quotepipe-alerts"
    log_retention_days = 30
  }

  assert {
    condition     = aws_apigatewayv2_api.query.protocol_type == "HTTP" && aws_apigatewayv2_integration.query.payload_format_version == "2.0"
    error_message = "an API Gateway HTTP API with payload format 2.0"
  }

  assert {
    condition     = aws_apigatewayv2_route.all.route_key == "$default"
    error_message = "every path (API, OpenAPI, dashboard files) goes to the function"
  }

  assert {
    condition = toset(flatten([for s in data.aws_iam_policy_document.query.statement : s.actions])) == toset([
    "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable", "s3:ListBucket", "s3:GetObject", "logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "the query function only reads the table and the lake's listing, quarantine and the stages' records (and writes its own logs)"
  }

  assert {
    condition     = aws_lambda_function.query.environment[0].variables["QUOTEPIPE_DYNAMODB_TABLE"] == "crypto-quotes"
    error_message = "the query function reads the stack's table"
  }

  assert {
    condition     = aws_lambda_function.query.environment[0].variables["QUOTEPIPE_S3_BUCKET"] == "quotepipe-quotes"
    error_message = "the query function's pipeline panel lists the stack's lake"
  }
}
