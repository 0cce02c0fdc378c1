# The quotepipe stack: the same resources as ../template.yaml, plus what the SAM template leaves to its user: the
# network and the Kafka cluster. A module per component; see README.md.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_secretsmanager_secret_version" "kafka_scram" {
  count     = var.kafka_auth == "SASL_SCRAM" ? 1 : 0
  secret_id = var.kafka_scram_secret_arn
}

locals {
  suffix      = var.stage == "prod" ? "" : "-${var.stage}"
  bucket_name = "${var.bucket_name_prefix}${local.suffix}-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.name}"

  kafka_bootstrap_servers = var.kafka_mode == "external" ? var.kafka_bootstrap_servers : module.kafka.bootstrap_servers
  msk_cluster_arn         = var.kafka_mode == "external" ? "" : module.kafka.cluster_arn
  scram                   = var.kafka_auth == "SASL_SCRAM" ? jsondecode(data.aws_secretsmanager_secret_version.kafka_scram[0].secret_string) : {}

  # KAFKA_* variables become Kafka client properties in the apps (KAFKA_SASL_MECHANISM is sasl.mechanism).
  kafka_environment = merge(
    {
      KAFKA_BOOTSTRAP_SERVERS = local.kafka_bootstrap_servers
      KAFKA_SECURITY_PROTOCOL = var.kafka_auth == "NONE" ? "PLAINTEXT" : "SASL_SSL"
    },
    var.kafka_auth == "IAM" ? {
      KAFKA_SASL_MECHANISM                     = "AWS_MSK_IAM"
      KAFKA_SASL_JAAS_CONFIG                   = "software.amazon.msk.auth.iam.IAMLoginModule required;"
      KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS = "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
    } : {},
    var.kafka_auth == "SASL_SCRAM" ? {
      KAFKA_SASL_MECHANISM   = "SCRAM-SHA-512"
      KAFKA_SASL_JAAS_CONFIG = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"${lookup(local.scram, "username", "")}\" password=\"${lookup(local.scram, "password", "")}\";"
    } : {},
  )
}

module "network" {
  source = "./modules/network"

  name        = "quotepipe${local.suffix}"
  cidr        = var.vpc_cidr
  az_count    = var.az_count
  nat_gateway = var.nat_gateway
}

module "kafka" {
  source = "./modules/kafka"

  name                     = "quotepipe${local.suffix}"
  mode                     = var.kafka_mode
  auth                     = var.kafka_auth
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.network.app_security_group_id
  instance_type            = var.msk_broker_instance_type
  kafka_version            = var.msk_kafka_version
  scram_secret_arn         = var.kafka_scram_secret_arn
}

module "alerts" {
  source = "./modules/alerts"

  topic_name = "${var.alerts_topic_name}${local.suffix}"
  email      = var.alert_email
}

module "lake" {
  source = "./modules/lake"

  bucket_name               = local.bucket_name
  quarantine_retention_days = var.quarantine_retention_days
  glue_database_name        = "quotepipe${replace(local.suffix, "-", "_")}"
}

module "table" {
  source = "./modules/table"

  table_name = "${var.table_name}${local.suffix}"
}

module "poller" {
  source = "./modules/poller"

  suffix                        = local.suffix
  function_zip                  = coalesce(var.poller_zip, "${path.root}/../poller-function/target/function.zip")
  function_runtime              = var.function_runtime
  architecture                  = var.architecture
  subnet_ids                    = module.network.private_subnet_ids
  security_group_ids            = [module.network.app_security_group_id]
  kafka_environment             = local.kafka_environment
  kafka_auth                    = var.kafka_auth
  msk_cluster_arn               = local.msk_cluster_arn
  kafka_topic                   = var.kafka_topic
  providers_order               = var.providers_order
  api_keys_parameter_path       = var.provider_api_keys_parameter_path
  poll_schedule                 = var.poll_schedule
  alerts_topic_arn              = module.alerts.topic_arn
  log_retention_days            = var.log_retention_days
}

module "loader" {
  source = "./modules/loader"

  suffix                 = local.suffix
  function_zip           = coalesce(var.loader_zip, "${path.root}/../s3-to-dynamo-function/target/function.zip")
  function_runtime       = var.function_runtime
  architecture           = var.architecture
  bucket_name            = module.lake.bucket_name
  bucket_arn             = module.lake.bucket_arn
  table_name             = module.table.table_name
  table_arn              = module.table.table_arn
  history_retention_days = var.history_retention_days
  alerts_topic_arn       = module.alerts.topic_arn
  log_retention_days     = var.log_retention_days
}

module "consumer" {
  source = "./modules/consumer"

  suffix                  = local.suffix
  image_tag               = var.consumer_image_tag
  architecture            = var.architecture
  capacity_provider       = var.consumer_capacity_provider
  max_count               = var.consumer_max_count
  subnet_ids              = module.network.private_subnet_ids
  security_group_ids      = [module.network.app_security_group_id]
  bucket_name             = module.lake.bucket_name
  bucket_arn              = module.lake.bucket_arn
  kafka_environment       = local.kafka_environment
  kafka_auth              = var.kafka_auth
  msk_cluster_arn         = local.msk_cluster_arn
  kafka_topic             = var.kafka_topic
  kafka_dead_letter_topic = var.kafka_dead_letter_topic
  alerts_topic_arn        = module.alerts.topic_arn
  log_retention_days      = var.log_retention_days
}
