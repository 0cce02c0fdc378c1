variable "suffix" {
  description = "Appended to every name: \"\" for the prod stage, \"-<stage>\" otherwise."
  type        = string
}

variable "function_zip" {
  description = "Path of the deployment package: query-service/target/function.zip of a -Plambda build."
  type        = string
}

variable "table_name" {
  description = "DynamoDB table the API reads (config quotepipe.dynamodb.table)."
  type        = string
}

variable "table_arn" {
  description = "ARN of the table: the only resource the function may read."
  type        = string
}

variable "alerts_topic_arn" {
  description = "SNS topic of the function's errors alarm."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
}

variable "bucket_name" {
  description = "The lake's bucket, whose listing the dashboard's pipeline panel reads."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the lake's bucket."
  type        = string
}
