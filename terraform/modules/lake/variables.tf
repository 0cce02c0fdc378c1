variable "bucket_name" {
  description = "Name of the lake bucket (global: carries the account and region)."
  type        = string
}

variable "quarantine_retention_days" {
  description = "Days the quarantine/ objects (rejected lines) are kept."
  type        = number
}

variable "glue_database_name" {
  description = "Glue database of the lake's tables."
  type        = string
}
