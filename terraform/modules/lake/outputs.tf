output "bucket_name" {
  description = "Name of the lake bucket."
  value       = aws_s3_bucket.lake.bucket
}

output "bucket_arn" {
  description = "ARN of the lake bucket."
  value       = aws_s3_bucket.lake.arn
}

output "glue_database_name" {
  description = "Glue database holding the table quotes."
  value       = aws_glue_catalog_database.lake.name
}

output "glue_table_name" {
  description = "Glue table over quotes/ (partition projection on dt and hour)."
  value       = aws_glue_catalog_table.quotes.name
}
