output "function_name" {
  description = "Name of the loader function."
  value       = aws_lambda_function.loader.function_name
}

output "alias_arn" {
  description = "ARN of the alias \"live\" the bucket notifies."
  value       = aws_lambda_alias.live.arn
}

output "dead_letter_queue_url" {
  description = "Queue of the S3 events that failed their retries."
  value       = aws_sqs_queue.dead_letters.url
}

output "role_arn" {
  description = "Role the loader runs with."
  value       = aws_iam_role.loader.arn
}
