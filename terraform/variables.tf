# Inputs of the whole stack. Names default to docs/design.md's; with a stage other than "prod", "-<stage>" is appended
# to every name, exactly as template.yaml does, so that several stages share an account.

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "us-east-1"
}

variable "stage" {
  description = "Stage name. \"prod\" keeps docs/design.md's names (crypto-quotes, quotepipe-alerts, ...); any other stage is appended to every name."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,9}$", var.stage))
    error_message = "stage: a lower-case letter, then up to 9 lower-case letters or digits."
  }
}

variable "alert_email" {
  description = "E-mail address subscribed to the alerts topic. AWS mails a confirmation link first: alarms arrive only after it is followed."
  type        = string
}

variable "bucket_name_prefix" {
  description = "Start of the lake bucket's name; the stage suffix, the account id and the region follow, since bucket names are global."
  type        = string
  default     = "quotepipe-quotes"
}

variable "table_name" {
  description = "DynamoDB table of history, latest and candle items (config quotepipe.dynamodb.table)."
  type        = string
  default     = "crypto-quotes"
}

variable "alerts_topic_name" {
  description = "SNS topic every alarm and alert goes to (config quotepipe.alerts.topic-arn)."
  type        = string
  default     = "quotepipe-alerts"
}

variable "kafka_topic" {
  description = "Kafka topic of the quotes (config quotepipe.kafka.topic)."
  type        = string
  default     = "crypto-quotes"
}

variable "kafka_mode" {
  description = "Which Kafka: \"provisioned\" (MSK, two kafka.t3.small brokers: the cheapest MSK), \"serverless\" (MSK Serverless: no brokers to size, about 8 times the price at this volume) or \"external\" (a cluster of yours: set kafka_bootstrap_servers)."
  type        = string
  default     = "provisioned"

  validation {
    condition     = contains(["provisioned", "serverless", "external"], var.kafka_mode)
    error_message = "kafka_mode: provisioned, serverless or external."
  }
}

variable "kafka_auth" {
  description = "How the apps authenticate to Kafka: IAM (MSK; no secret) or NONE (PLAINTEXT, a private test cluster only). SASL/SCRAM is not offered: the apps would get the password in their environment, readable by anyone who may describe the function or the task definition, until they read it from Secrets Manager at run time."
  type        = string
  default     = "IAM"

  validation {
    condition     = contains(["IAM", "NONE"], var.kafka_auth)
    error_message = "kafka_auth: IAM or NONE. SASL_SCRAM is not offered: the apps cannot yet read a SCRAM password at run time, and Terraform would put it into their environment and its state in plain text."
  }
}

variable "kafka_bootstrap_servers" {
  description = "With kafka_mode = \"external\": the cluster's bootstrap servers, host:port[,host:port...]."
  type        = string
  default     = ""
}

variable "kafka_cluster_arn" {
  description = "With kafka_mode = \"external\" and kafka_auth = \"IAM\": ARN of that MSK cluster, which the IAM policies name (with its topics and the consumer group); it also enables the lag alarm."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^(arn:aws[a-z-]*:kafka:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9-]+/[A-Za-z0-9-]+)?$", var.kafka_cluster_arn))
    error_message = "kafka_cluster_arn: an MSK cluster ARN, arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>, or empty."
  }
}

variable "app_subnet_ids" {
  description = "With kafka_mode = \"external\": subnets of yours from which the poller and the consumer tasks reach your Kafka (and, through a NAT gateway or VPC endpoints, AWS and the providers). Empty: the network module creates a VPC."
  type        = list(string)
  default     = []
}

variable "app_security_group_ids" {
  description = "With app_subnet_ids: security groups of the poller and the consumer tasks, which your Kafka lets in."
  type        = list(string)
  default     = []
}

variable "msk_broker_instance_type" {
  description = "Broker size with kafka_mode = \"provisioned\"."
  type        = string
  default     = "kafka.t3.small"
}

variable "msk_kafka_version" {
  description = "Kafka version of a provisioned MSK cluster."
  type        = string
  default     = "3.8.x"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC the network module creates."
  type        = string
  default     = "10.42.0.0/16"
}

variable "az_count" {
  description = "Availability zones used: one public and one private subnet each; MSK provisioned puts one broker in each, and needs 3 for its topics' durable defaults (replication factor 3, min.insync.replicas 2)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6
    error_message = "az_count: 2 to 6 (3 or more with kafka_mode = \"provisioned\")."
  }
}

variable "nat_gateway" {
  description = "One NAT gateway, so that the private subnets reach the providers' APIs and AWS. About $33 a month. Without it only the keyless local provider \"simulated\" works, and the network module creates interface VPC endpoints for ECR, CloudWatch Logs, SNS and SSM instead (about $7.30 a month each per zone: more than the NAT gateway at 2 zones or more)."
  type        = bool
  default     = true
}

variable "providers_order" {
  description = "Quote providers in order of preference (config quotepipe.providers). The default needs no API key: coinpaprika and coinlore are keyless public APIs, simulated needs no internet. Keyed ones: livecoinwatch, coincap, finnhub."
  type        = string
  default     = "coinpaprika,coinlore,simulated"
}

variable "provider_api_keys_parameter_path" {
  description = "SSM Parameter Store path of the providers' API keys: one SecureString per provider, <path>/livecoinwatch, <path>/coincap, <path>/finnhub. The poller reads them at run time (config quotepipe.<provider>.api-key-parameter)."
  type        = string
  default     = "/quotepipe/providers"
}

variable "poll_schedule" {
  description = "EventBridge schedule expression of the poller."
  type        = string
  default     = "rate(5 minutes)"
}

variable "history_retention_days" {
  description = "Days a history item lives in DynamoDB before TTL removes it (config quotepipe.loader.retention); 0 keeps it forever."
  type        = number
  default     = 90
}

variable "quarantine_retention_days" {
  description = "Days the quarantine/ objects are kept."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the logs of the functions and the consumer."
  type        = number
  default     = 30
}

variable "function_runtime" {
  description = "\"jvm\" (java21 with SnapStart) or \"native\" (provided.al2023, function.zip of a native build)."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["jvm", "native"], var.function_runtime)
    error_message = "function_runtime: jvm or native."
  }
}

variable "architecture" {
  description = "CPU architecture of the functions and the consumer tasks: x86_64 or arm64 (about 20 % cheaper; a native build and the image must match)."
  type        = string
  default     = "x86_64"
}

variable "query_zip" {
  description = "Deployment package of the query API; empty: ../query-service/target/function.zip (a -Plambda build)."
  type        = string
  default     = ""
}

variable "poller_zip" {
  description = "Deployment package of the poller; empty: ../poller-function/target/function.zip."
  type        = string
  default     = ""
}

variable "loader_zip" {
  description = "Deployment package of the loader; empty: ../s3-to-dynamo-function/target/function.zip."
  type        = string
  default     = ""
}

variable "consumer_image_tag" {
  description = "Tag of the consumer-service image in the stack's ECR repository (output consumer_repository_url). Empty: no service yet."
  type        = string
  default     = ""
}

variable "consumer_capacity_provider" {
  description = "FARGATE, or FARGATE_SPOT (about 70 % cheaper; the consumer tolerates interruption)."
  type        = string
  default     = "FARGATE"
}

variable "consumer_assign_public_ip" {
  description = "Give the consumer tasks a public IPv4 address: only for public subnets without a NAT gateway (app_subnet_ids), about $3.60 a month per task."
  type        = bool
  default     = false
}

variable "consumer_max_count" {
  description = "Most consumer tasks; more than the topic's partitions stay idle."
  type        = number
  default     = 3
}
