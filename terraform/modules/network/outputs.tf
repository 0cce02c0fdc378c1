output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnets, one per AZ: where the apps and the Kafka brokers run."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets, one per AZ: the NAT gateway's."
  value       = aws_subnet.public[*].id
}

output "app_security_group_id" {
  description = "Security group of the poller function and the consumer tasks."
  value       = aws_security_group.app.id
}
