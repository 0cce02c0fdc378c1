variable "name" {
  description = "Cluster name, e.g. quotepipe."
  type        = string
}

variable "mode" {
  description = "\"provisioned\" (MSK brokers), \"serverless\" (MSK Serverless, IAM only) or \"external\" (nothing is created)."
  type        = string
}

variable "auth" {
  description = "Client authentication: IAM or NONE."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the brokers."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets of the brokers, one per AZ (provisioned: one broker each)."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "Security group of the clients (poller, consumer), let in on the broker port."
  type        = string
}

variable "instance_type" {
  description = "Broker instance type of a provisioned cluster."
  type        = string
}

variable "kafka_version" {
  description = "Kafka version of a provisioned cluster."
  type        = string
}

variable "volume_size_gb" {
  description = "EBS storage per broker of a provisioned cluster; a week of quotes is a few hundred MB."
  type        = number
  default     = 5
}
