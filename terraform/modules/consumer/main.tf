# consumer-service as an ECS Fargate service: a long-running Kafka consumer that batches per partition into S3 and
# commits after the write. Same resources as the Consumer* resources of ../../../template.yaml.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  name           = "quotepipe-consumer${var.suffix}"
  consumer_group = "quotepipe-consumer"
  # The consumer names its dead-letter topic after its topic (docs/design.md): the grant must name the same one.
  dead_letter_topic = "${var.kafka_topic}-dlq"
  running           = var.image_tag != ""
  cluster_path      = var.msk_cluster_arn == "" ? "" : split(":cluster/", var.msk_cluster_arn)[1]
  cluster_name      = local.cluster_path == "" ? "" : split("/", local.cluster_path)[0]
  kafka_arn         = "arn:${data.aws_partition.current.partition}:kafka:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
}

resource "aws_ecr_repository" "consumer" {
  name                 = local.name
  image_tag_mutability = "MUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "consumer" {
  repository = aws_ecr_repository.consumer.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 10 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "this" {
  name = "quotepipe${var.suffix}"
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
}

resource "aws_cloudwatch_log_group" "consumer" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "execution" {
  name_prefix        = "quotepipe-consumer-exec-"
  description        = "ECS pulls the quotepipe consumer image and ships its logs"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [aws_ecr_repository.consumer.arn]
  }

  # GetAuthorizationToken has no resource-level permission: "*" is the only resource it takes.
  statement {
    sid       = "AuthenticateToEcr"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.consumer.arn}:*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "consumer-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  name_prefix        = "quotepipe-consumer-"
  description        = "quotepipe consumer-service tasks"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid = "WriteBatchObjects"
    # Create-only puts; a put that finds its key taken reads that object's offset range with HeadObject,
    # which S3 authorises as s3:GetObject (consumer-service/README.md, "Fencing").
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${var.bucket_arn}/quotes/*"]
  }

  # The pipeline panel's records: lag per partition, a mirror of each dead letter, each alert.
  statement {
    sid       = "RecordLagDeadLettersAndAlerts"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/status/consumer/*", "${var.bucket_arn}/dead-letters/*", "${var.bucket_arn}/alerts/*"]
  }

  # The readiness check's HeadBucket needs s3:ListBucket on the bucket.
  statement {
    sid       = "CheckBucketForReadiness"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "consumer"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# MSK IAM access control: https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html
data "aws_iam_policy_document" "kafka" {
  # The dead-letter producer is idempotent (the Kafka client's default).
  statement {
    sid       = "ConnectIdempotentProducer"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"]
    resources = [var.msk_cluster_arn]
  }

  statement {
    sid       = "ConsumeQuotes"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = ["${local.kafka_arn}:topic/${local.cluster_path}/${var.kafka_topic}"]
  }

  statement {
    sid       = "ProduceDeadLetters"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = ["${local.kafka_arn}:topic/${local.cluster_path}/${local.dead_letter_topic}"]
  }

  statement {
    sid       = "CommitAsConsumerGroup"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = ["${local.kafka_arn}:group/${local.cluster_path}/${local.consumer_group}"]
  }
}

resource "aws_iam_role_policy" "kafka" {
  count  = var.kafka_auth == "IAM" ? 1 : 0
  name   = "consumer-kafka"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.kafka.json
}

resource "aws_ecs_task_definition" "consumer" {
  count                    = local.running ? 1 : 0
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.architecture == "arm64" ? "ARM64" : "X86_64"
  }

  container_definitions = jsonencode([{
    name      = "consumer"
    image     = "${aws_ecr_repository.consumer.repository_url}:${var.image_tag}"
    essential = true
    # SIGTERM, then this long for open batches to reach S3 and be committed (quotepipe.consumer.shutdown-timeout).
    stopTimeout = 30
    environment = [for k, v in merge(
      {
        QUOTEPIPE_S3_BUCKET        = var.bucket_name
        QUOTEPIPE_KAFKA_TOPIC      = var.kafka_topic
        QUOTEPIPE_ALERTS_TOPIC_ARN = var.alerts_topic_arn
        AWS_REGION                 = data.aws_region.current.name
        JAVA_TOOL_OPTIONS          = "-XX:MaxRAMPercentage=75"
      },
      var.kafka_environment,
    ) : { name = k, value = v }]
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fs http://localhost:8082/q/health/live || exit 1"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.consumer.name
        "awslogs-region"        = data.aws_region.current.name
        "awslogs-stream-prefix" = "consumer"
      }
    }
  }])
}

resource "aws_ecs_service" "consumer" {
  count           = local.running ? 1 : 0
  name            = local.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.consumer[0].arn
  desired_count   = 1

  capacity_provider_strategy {
    capacity_provider = var.capacity_provider
    weight            = 1
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = var.assign_public_ip
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  lifecycle {
    ignore_changes = [desired_count] # owned by autoscaling
  }

  depends_on = [aws_ecs_cluster_capacity_providers.this]
}

resource "aws_appautoscaling_target" "consumer" {
  count              = local.running ? 1 : 0
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.consumer[0].name}"
  min_capacity       = 1
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count              = local.running ? 1 : 0
  name               = "cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.consumer[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.consumer[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.consumer[0].resource_id

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
  }
}

# One more task while the group lags (the lag alarm); CPU tracking scales back in.
resource "aws_appautoscaling_policy" "lag" {
  count              = local.running && var.msk ? 1 : 0
  name               = "lag"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.consumer[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.consumer[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.consumer[0].resource_id

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 300
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 1
    }
  }
}

# MSK publishes consumer-group lag at the DEFAULT monitoring level
# (https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html).
resource "aws_cloudwatch_metric_alarm" "lag" {
  count               = var.msk ? 1 : 0
  alarm_name          = "${local.name}-lag"
  alarm_description   = "The consumer group ${local.consumer_group} is more than 10 minutes behind on ${var.kafka_topic}; batches flush every 60 s."
  namespace           = "AWS/Kafka"
  metric_name         = "EstimatedMaxTimeLag"
  dimensions          = { "Cluster Name" = local.cluster_name, "Consumer Group" = local.consumer_group, Topic = var.kafka_topic }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 600
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = concat([var.alerts_topic_arn], aws_appautoscaling_policy.lag[*].arn)
  ok_actions          = [var.alerts_topic_arn]
}

# No running task means no CPU datapoints: missing data is the alarm.
resource "aws_cloudwatch_metric_alarm" "down" {
  count               = local.running ? 1 : 0
  alarm_name          = "${local.name}-down"
  alarm_description   = "No consumer task has reported for 10 minutes; quotes pile up in Kafka."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = { ClusterName = aws_ecs_cluster.this.name, ServiceName = aws_ecs_service.consumer[0].name }
  statistic           = "SampleCount"
  period              = 300
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [var.alerts_topic_arn]
  ok_actions          = [var.alerts_topic_arn]
}
