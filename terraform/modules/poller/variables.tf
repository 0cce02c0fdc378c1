variable "suffix" {
  description = "Appended to every name: \"\" for the prod stage, \"-<stage>\" otherwise."
  type        = string
}

variable "bucket_name" {
  description = "The lake: each poll is recorded at status/poller.json and each alert under alerts/, for the pipeline panel."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the lake bucket."
  type        = string
}

variable "function_zip" {
  description = "Path of the deployment package: poller-function/target/function.zip of a JVM or native build."
  type        = string
}

variable "function_runtime" {
  description = "\"jvm\" (java21, SnapStart) or \"native\" (provided.al2023)."
  type        = string
}

variable "architecture" {
  description = "x86_64 or arm64."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets from which the function reaches Kafka (and, through NAT, the providers)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the function."
  type        = list(string)
}

variable "kafka_environment" {
  description = "KAFKA_* variables: bootstrap servers and authentication, the same for every Kafka client of the stack."
  type        = map(string)
}

variable "kafka_auth" {
  description = "IAM or NONE; with IAM the role is granted the topic on msk_cluster_arn."
  type        = string
}

variable "msk_cluster_arn" {
  description = "ARN of the MSK cluster (IAM authentication); empty for a Kafka outside MSK."
  type        = string
}

variable "kafka_topic" {
  description = "Topic the quotes go to (config quotepipe.kafka.topic)."
  type        = string
}

variable "providers_order" {
  description = "Quote providers in order (config quotepipe.providers)."
  type        = string
}

variable "api_keys_parameter_path" {
  description = "SSM path of the providers' API keys (SecureStrings <path>/<provider>), read by the poller at run time."
  type        = string
}

variable "poll_schedule" {
  description = "EventBridge schedule expression, e.g. rate(5 minutes)."
  type        = string
}

variable "alerts_topic_arn" {
  description = "SNS topic of the alarms and the function's own alerts."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
}
