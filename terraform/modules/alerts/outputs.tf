output "topic_arn" {
  description = "ARN of the alerts topic (config quotepipe.alerts.topic-arn)."
  value       = aws_sns_topic.alerts.arn
}
