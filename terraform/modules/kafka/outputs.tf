output "cluster_arn" {
  description = "ARN of the MSK cluster; empty when mode is external."
  value       = local.provisioned ? aws_msk_cluster.this[0].arn : (local.serverless ? aws_msk_serverless_cluster.this[0].arn : "")
}

output "cluster_name" {
  description = "Name of the MSK cluster (the \"Cluster Name\" dimension of its CloudWatch metrics); empty when mode is external."
  value       = local.created ? var.name : ""
}

output "bootstrap_servers" {
  description = "Bootstrap servers for the chosen authentication; empty when mode is external."
  value = !local.created ? "" : (
    var.auth == "IAM" ? data.aws_msk_bootstrap_brokers.this[0].bootstrap_brokers_sasl_iam :
  data.aws_msk_bootstrap_brokers.this[0].bootstrap_brokers)
}

output "security_group_id" {
  description = "Security group of the brokers; empty when mode is external."
  value       = local.created ? aws_security_group.kafka[0].id : ""
}
