variable "suffix" {
  description = "Appended to every name: \"\" for the prod stage, \"-<stage>\" otherwise."
  type        = string
}

variable "function_zip" {
  description = "Path of the deployment package: s3-to-dynamo-function/target/function.zip of a JVM or native build."
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

variable "bucket_name" {
  description = "Lake bucket whose new batch objects the function loads."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the lake bucket."
  type        = string
}

variable "table_name" {
  description = "Table the quotes are loaded into (config quotepipe.dynamodb.table)."
  type        = string
}

variable "table_arn" {
  description = "ARN of the table."
  type        = string
}

variable "history_retention_days" {
  description = "Days a history item lives (config quotepipe.loader.retention); 0: forever."
  type        = number
}

variable "alerts_topic_arn" {
  description = "SNS topic of the alarms and the function's own alerts."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
}
