output "function_name" {
  description = "Name of the poller function."
  value       = aws_lambda_function.poller.function_name
}

output "alias_arn" {
  description = "ARN of the alias \"live\" the schedule invokes (SnapStart runs published versions)."
  value       = aws_lambda_alias.live.arn
}

output "dead_letter_queue_url" {
  description = "Queue of the poll events that failed their retries."
  value       = aws_sqs_queue.dead_letters.url
}

output "role_arn" {
  description = "Role the poller runs with."
  value       = aws_iam_role.poller.arn
}
