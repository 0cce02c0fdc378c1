output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.quotes.name
}

output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.quotes.arn
}
