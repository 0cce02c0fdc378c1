# The quotepipe stack: the same resources as ../template.yaml, plus what the SAM template leaves to its user: the
# network and the Kafka cluster. A module per component; see README.md.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# Settings that only make sense together; checked before anything is planned.
resource "terraform_data" "settings" {
  lifecycle {
    precondition {
      condition     = !(var.kafka_mode == "external" && var.kafka_bootstrap_servers == "")
      error_message = "kafka_mode = \"external\" needs kafka_bootstrap_servers (host:port[,host:port...])."
    }
    precondition {
      condition     = !(var.kafka_mode == "external" && var.kafka_auth == "IAM" && var.kafka_cluster_arn == "")
      error_message = "kafka_mode = \"external\" with kafka_auth = \"IAM\" needs kafka_cluster_arn (the IAM policies name the cluster, its topics and the group); with a Kafka outside MSK set kafka_auth = \"NONE\"."
    }
    precondition {
      condition     = local.create_network || var.kafka_mode == "external"
      error_message = "app_subnet_ids is for kafka_mode = \"external\": an MSK cluster of this stack lives in the network module's subnets."
    }
    precondition {
      condition     = local.create_network || length(var.app_security_group_ids) > 0
      error_message = "app_subnet_ids needs app_security_group_ids: the security groups of the poller and the consumer tasks, let into your Kafka."
    }
  }
}

locals {
  suffix      = var.stage == "prod" ? "" : "-${var.stage}"
  bucket_name = "${var.bucket_name_prefix}${local.suffix}-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.name}"

  # Known at plan time (from variables only), so that counts may depend on them on a first apply: whether the stack
  # creates its own network, and whether the Kafka cluster is an MSK cluster (IAM grants, lag alarm).
  create_network = length(var.app_subnet_ids) == 0
  msk            = var.kafka_mode != "external" || var.kafka_cluster_arn != ""

  subnet_ids         = local.create_network ? module.network[0].private_subnet_ids : var.app_subnet_ids
  security_group_ids = local.create_network ? [module.network[0].app_security_group_id] : var.app_security_group_ids

  kafka_bootstrap_servers = var.kafka_mode == "external" ? var.kafka_bootstrap_servers : module.kafka.bootstrap_servers
  msk_cluster_arn         = var.kafka_mode == "external" ? var.kafka_cluster_arn : module.kafka.cluster_arn

  # KAFKA_* variables become Kafka client properties in the apps (KAFKA_SASL_MECHANISM is sasl.mechanism).
  # No credential is ever among them: IAM needs none, and SASL/SCRAM is refused until the apps read their password
  # at run time (variables.tf, kafka_auth).
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
  )
}

module "network" {
  source = "./modules/network"
  count  = local.create_network ? 1 : 0

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
  vpc_id                   = local.create_network ? module.network[0].vpc_id : ""
  subnet_ids               = local.subnet_ids
  client_security_group_id = local.create_network ? module.network[0].app_security_group_id : ""
  instance_type            = var.msk_broker_instance_type
  kafka_version            = var.msk_kafka_version
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

  suffix                  = local.suffix
  function_zip            = coalesce(var.poller_zip, "${path.root}/../poller-function/target/function.zip")
  function_runtime        = var.function_runtime
  architecture            = var.architecture
  subnet_ids              = local.subnet_ids
  security_group_ids      = local.security_group_ids
  kafka_environment       = local.kafka_environment
  kafka_auth              = var.kafka_auth
  msk_cluster_arn         = local.msk_cluster_arn
  kafka_topic             = var.kafka_topic
  providers_order         = var.providers_order
  api_keys_parameter_path = var.provider_api_keys_parameter_path
  poll_schedule           = var.poll_schedule
  alerts_topic_arn        = module.alerts.topic_arn
  bucket_name             = module.lake.bucket_name
  bucket_arn              = module.lake.bucket_arn
  log_retention_days      = var.log_retention_days
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

  suffix             = local.suffix
  image_tag          = var.consumer_image_tag
  architecture       = var.architecture
  capacity_provider  = var.consumer_capacity_provider
  max_count          = var.consumer_max_count
  subnet_ids         = local.subnet_ids
  security_group_ids = local.security_group_ids
  assign_public_ip   = var.consumer_assign_public_ip
  bucket_name        = module.lake.bucket_name
  bucket_arn         = module.lake.bucket_arn
  kafka_environment  = local.kafka_environment
  kafka_auth         = var.kafka_auth
  msk                = local.msk
  msk_cluster_arn    = local.msk_cluster_arn
  kafka_topic        = var.kafka_topic
  alerts_topic_arn   = module.alerts.topic_arn
  log_retention_days = var.log_retention_days
}

module "query" {
  source = "./modules/query"

  suffix             = local.suffix
  function_zip       = coalesce(var.query_zip, "${path.root}/../query-service/target/function.zip")
  table_name         = module.table.table_name
  table_arn          = module.table.table_arn
  bucket_name        = module.lake.bucket_name
  bucket_arn         = module.lake.bucket_arn
  alerts_topic_arn   = module.alerts.topic_arn
  log_retention_days = var.log_retention_days
}
