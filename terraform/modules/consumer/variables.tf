variable "suffix" {
  description = "Appended to every name: \"\" for the prod stage, \"-<stage>\" otherwise."
  type        = string
}

variable "image_tag" {
  description = "Tag of the consumer-service image in the repository this module creates; empty: no task definition and no service yet."
  type        = string
}

variable "architecture" {
  description = "x86_64 or arm64: the image's architecture."
  type        = string
}

variable "capacity_provider" {
  description = "FARGATE or FARGATE_SPOT."
  type        = string
}

variable "max_count" {
  description = "Most tasks the service scales out to."
  type        = number
}

variable "subnet_ids" {
  description = "Subnets of the tasks (Kafka reachable; ECR through NAT)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the tasks."
  type        = list(string)
}

variable "bucket_name" {
  description = "Lake bucket the batches are written to (config quotepipe.s3.bucket)."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the lake bucket."
  type        = string
}

variable "kafka_environment" {
  description = "KAFKA_* variables: bootstrap servers and authentication, the same for every Kafka client of the stack."
  type        = map(string)
}

variable "kafka_auth" {
  description = "IAM or NONE; with IAM the task role is granted the topics and group on msk_cluster_arn."
  type        = string
}

variable "msk" {
  description = "Whether Kafka is an MSK cluster (grants, lag alarm and lag scaling). Known at plan time, unlike msk_cluster_arn on a first apply."
  type        = bool
}

variable "assign_public_ip" {
  description = "Give the tasks a public IPv4 address: public subnets without a NAT gateway only."
  type        = bool
}

variable "msk_cluster_arn" {
  description = "ARN of the MSK cluster; empty for a Kafka outside MSK (no IAM grants, no lag alarm)."
  type        = string
}

variable "kafka_topic" {
  description = "Topic the consumer reads (config quotepipe.kafka.topic)."
  type        = string
}

variable "alerts_topic_arn" {
  description = "SNS topic of the alarms and the service's own alerts."
  type        = string
}

variable "log_retention_days" {
  description = "Days the tasks' logs are kept."
  type        = number
}
