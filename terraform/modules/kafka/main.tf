# The Kafka cluster the SAM template expects to exist: MSK provisioned (default: two kafka.t3.small brokers, the
# cheapest MSK) or MSK Serverless. Topics are not created here: MSK does not create them on first use, and creating
# them takes a client inside the VPC (README.md, "Topics").

locals {
  provisioned = var.mode == "provisioned"
  serverless  = var.mode == "serverless"
  created     = local.provisioned || local.serverless
  # MSK's listener per authentication (https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html).
  port = var.auth == "IAM" ? 9098 : 9092
}

resource "aws_security_group" "kafka" {
  count       = local.created ? 1 : 0
  name        = "${var.name}-kafka"
  description = "quotepipe Kafka brokers"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Kafka clients of quotepipe"
    from_port       = local.port
    to_port         = local.port
    protocol        = "tcp"
    security_groups = [var.client_security_group_id]
  }

  tags = { Name = "${var.name}-kafka" }
}

resource "aws_msk_configuration" "this" {
  count          = local.provisioned ? 1 : 0
  name           = var.name
  kafka_versions = [var.kafka_version]
  # Durable defaults: three replicas, and acks=all (the producers' default) waits for two of them, so an acknowledged
  # quote survives the loss of a broker, and writes go on while MSK patches one broker at a time. Costs a third broker
  # (about $33 a month for kafka.t3.small). Two replicas with min.insync.replicas=1 would acknowledge a write that only
  # one broker holds; with min.insync.replicas=2 every patch would stop the producers.
  server_properties = join("\n", [
    "auto.create.topics.enable=false",
    "default.replication.factor=3",
    "min.insync.replicas=2",
    "num.partitions=3",
    "log.retention.hours=168",
  ])
}

resource "aws_msk_cluster" "this" {
  count                  = local.provisioned ? 1 : 0
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = length(var.subnet_ids)

  lifecycle {
    precondition {
      condition     = length(var.subnet_ids) >= 3
      error_message = "MSK provisioned needs 3 subnets in 3 zones (az_count = 3): the topics' replication factor 3 with min.insync.replicas 2."
    }
  }

  broker_node_group_info {
    instance_type   = var.instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.kafka[0].id]

    storage_info {
      ebs_storage_info {
        volume_size = var.volume_size_gb
      }
    }
  }

  client_authentication {
    unauthenticated = var.auth == "NONE"

    sasl {
      iam = var.auth == "IAM"
    }
  }

  encryption_info {
    encryption_in_transit {
      client_broker = var.auth == "NONE" ? "PLAINTEXT" : "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this[0].arn
    revision = aws_msk_configuration.this[0].latest_revision
  }
}

resource "aws_msk_serverless_cluster" "this" {
  count        = local.serverless ? 1 : 0
  cluster_name = var.name

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.kafka[0].id]
  }

  client_authentication {
    sasl {
      iam {
        enabled = true
      }
    }
  }

  lifecycle {
    precondition {
      condition     = var.auth == "IAM"
      error_message = "MSK Serverless authenticates with IAM only: set kafka_auth = \"IAM\"."
    }
  }
}

data "aws_msk_bootstrap_brokers" "this" {
  count       = local.created ? 1 : 0
  cluster_arn = local.provisioned ? aws_msk_cluster.this[0].arn : aws_msk_serverless_cluster.this[0].arn
}
