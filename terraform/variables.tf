# Inputs of the whole stack. Names default to DESIGN.md's; with a stage other than "prod", "-<stage>" is appended
# to every name, exactly as template.yaml does, so that several stages share an account.

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "us-east-1"
}

variable "stage" {
  description = "Stage name. \"prod\" keeps DESIGN.md's names (crypto-quotes, quotepipe-alerts, ...); any other stage is appended to every name."
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

variable "kafka_dead_letter_topic" {
  description = "Kafka topic of the consumer's dead letters: the consumer names it \"<kafka_topic>-dlq\"."
  type        = string
  default     = "crypto-quotes-dlq"
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
  description = "How the apps authenticate to Kafka: IAM (MSK; no secret), SASL_SCRAM (SCRAM-SHA-512, secret in kafka_scram_secret_arn) or NONE (PLAINTEXT)."
  type        = string
  default     = "IAM"

  validation {
    condition     = contains(["IAM", "SASL_SCRAM", "NONE"], var.kafka_auth)
    error_message = "kafka_auth: IAM, SASL_SCRAM or NONE."
  }
}

variable "kafka_bootstrap_servers" {
  description = "With kafka_mode = \"external\": the cluster's bootstrap servers, host:port[,host:port...]."
  type        = string
  default     = ""
}

variable "kafka_scram_secret_arn" {
  description = "With kafka_auth = \"SASL_SCRAM\": Secrets Manager secret {\"username\": ..., \"password\": ...}. Its values end up in the functions' configuration and in the Terraform state: keep the state encrypted."
  type        = string
  default     = ""
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
  description = "Availability zones used: one public and one private subnet each; MSK puts one broker in each."
  type        = number
  default     = 2
}

variable "nat_gateway" {
  description = "One NAT gateway, so that the private subnets reach the providers' APIs and ECR. About $33 a month; without it only the simulated provider works and the consumer image must come through VPC endpoints."
  type        = bool
  default     = true
}

variable "providers_order" {
  description = "Quote providers in order of preference (config quotepipe.providers), e.g. \"livecoinwatch,coincap,simulated\"."
  type        = string
  default     = "simulated"
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

variable "consumer_max_count" {
  description = "Most consumer tasks; more than the topic's partitions stay idle."
  type        = number
  default     = 3
}
