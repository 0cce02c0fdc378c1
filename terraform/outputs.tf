output "bucket_name" {
  description = "S3 bucket of the lake: batches under quotes/dt=YYYY-MM-DD/hour=HH/, rejected lines under quarantine/."
  value       = module.lake.bucket_name
}

output "table_name" {
  description = "DynamoDB table of history, latest and candle items."
  value       = module.table.table_name
}

output "alerts_topic_arn" {
  description = "SNS topic of every alarm; confirm the e-mail subscription to receive them."
  value       = module.alerts.topic_arn
}

output "poller_function_name" {
  description = "Poller Lambda function; invoke it by hand with ../events/scheduled-event.json."
  value       = module.poller.function_name
}

output "loader_function_name" {
  description = "Loader Lambda function (s3-to-dynamo-function)."
  value       = module.loader.function_name
}

output "poller_dead_letter_queue_url" {
  description = "Failed poll events after their retries."
  value       = module.poller.dead_letter_queue_url
}

output "loader_dead_letter_queue_url" {
  description = "S3 events that could not be loaded after their retries; their requestPayload replays them."
  value       = module.loader.dead_letter_queue_url
}

output "consumer_repository_url" {
  description = "ECR repository to push the consumer-service image to; then apply again with consumer_image_tag."
  value       = module.consumer.repository_url
}

output "consumer_cluster_name" {
  description = "ECS cluster of the consumer service."
  value       = module.consumer.cluster_name
}

output "glue_database_name" {
  description = "Glue database with the table \"quotes\" over the lake (partition projection: Athena needs no crawler)."
  value       = module.lake.glue_database_name
}

output "kafka_bootstrap_servers" {
  description = "Bootstrap servers of the Kafka cluster, for the apps and for creating the topics (README.md)."
  value       = local.kafka_bootstrap_servers
}

output "msk_cluster_arn" {
  description = "ARN of the MSK cluster (empty with kafka_mode = \"external\"): the SAM template's MskClusterArn."
  value       = local.msk_cluster_arn
}

output "private_subnet_ids" {
  description = "Private subnets of the poller and the consumer: the SAM template's SubnetIds."
  value       = local.subnet_ids
}

output "app_security_group_id" {
  description = "Security group of the poller and the consumer, let into Kafka: the SAM template's SecurityGroupIds (empty with app_subnet_ids)."
  value       = local.create_network ? module.network[0].app_security_group_id : ""
}

output "query_api_url" {
  description = "URL of the query API and its dashboard (query-service behind an API Gateway HTTP API): open it in a browser, or curl <url>/api/coins."
  value       = module.query.api_url
}
