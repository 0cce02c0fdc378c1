output "repository_url" {
  description = "ECR repository of the consumer-service image."
  value       = aws_ecr_repository.consumer.repository_url
}

output "cluster_name" {
  description = "ECS cluster of the service."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "ECS service running consumer-service; empty while image_tag is empty."
  value       = local.running ? aws_ecs_service.consumer[0].name : ""
}

output "log_group_name" {
  description = "Log group of the tasks."
  value       = aws_cloudwatch_log_group.consumer.name
}

output "task_role_arn" {
  description = "Role the consumer's code runs with."
  value       = aws_iam_role.task.arn
}
