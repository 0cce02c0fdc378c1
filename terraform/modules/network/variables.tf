variable "name" {
  description = "Prefix of the resources' Name tags, e.g. quotepipe."
  type        = string
}

variable "cidr" {
  description = "CIDR block of the VPC; split into /20 subnets, public ones first."
  type        = string
}

variable "az_count" {
  description = "Availability zones: one public and one private subnet in each."
  type        = number
}

variable "nat_gateway" {
  description = "Whether the private subnets reach the internet through one NAT gateway (in the first AZ)."
  type        = bool
}
