output "function_name" {
  description = "Name of the query function."
  value       = aws_lambda_function.query.function_name
}

output "api_url" {
  description = "Base URL of the HTTP API: the dashboard at /, the API under /api."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "role_arn" {
  description = "Role the query function runs with."
  value       = aws_iam_role.query.arn
}
