# Plans of the whole stack from an empty state, one per supported Kafka mode, with a mocked AWS provider: no account
# is needed, and every value AWS assigns (ARNs, ids) stays unknown until apply, exactly as on the first
# `terraform apply` in a fresh account: a count that depends on one of them fails here as it would there.
# Run from terraform/: terraform init -backend=false && terraform test   (deploy-tests runs it in CI)

mock_provider "aws" {
  source = "./tests"
}

variables {
  alert_email        = "ops@example.com"
  poller_zip         = "tests/placeholder-package.txt"
  loader_zip         = "tests/placeholder-package.txt"
  query_zip          = "tests/placeholder-package.txt"
  consumer_image_tag = "0.1.0"
}

run "msk_provisioned_plans_from_an_empty_state" {
  command = plan

  variables {
    kafka_mode = "provisioned"
  }

  assert {
    condition     = var.providers_order == "coinpaprika,coinlore,simulated"
    error_message = "the deployed default providers are the keyless coinpaprika and coinlore, then simulated"
  }

  assert {
    condition     = length(output.private_subnet_ids) == 3
    error_message = "three zones by default: one broker in each"
  }
}

run "msk_serverless_plans_from_an_empty_state" {
  command = plan

  variables {
    kafka_mode = "serverless"
  }
}

run "external_kafka_in_own_subnets_plans_from_an_empty_state" {
  command = plan

  variables {
    kafka_mode                = "external"
    kafka_auth                = "NONE"
    kafka_bootstrap_servers   = "kafka-1.example.internal:9092"
    app_subnet_ids            = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    app_security_group_ids    = ["sg-0123456789abcdef0"]
    consumer_assign_public_ip = true
  }

  assert {
    condition     = length(module.network) == 0
    error_message = "with app_subnet_ids no VPC is created"
  }

  assert {
    condition     = output.private_subnet_ids == tolist(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"])
    error_message = "the apps run in the given subnets"
  }

  assert {
    condition     = output.msk_cluster_arn == ""
    error_message = "no MSK cluster for a Kafka outside MSK"
  }
}

run "external_msk_with_iam_plans_from_an_empty_state" {
  command = plan

  variables {
    kafka_mode              = "external"
    kafka_auth              = "IAM"
    kafka_bootstrap_servers = "b-1.other.abc123.c2.kafka.us-east-1.amazonaws.com:9098"
    kafka_cluster_arn       = "arn:aws:kafka:us-east-1:123456789012:cluster/other/0b5f7a9e-1111-2222-3333-444455556666-2"
  }

  assert {
    condition     = output.msk_cluster_arn == "arn:aws:kafka:us-east-1:123456789012:cluster/other/0b5f7a9e-1111-2222-3333-444455556666-2"
    error_message = "the IAM grants name the given cluster"
  }
}

run "external_kafka_with_iam_but_no_cluster_is_refused" {
  command = plan

  variables {
    kafka_mode              = "external"
    kafka_auth              = "IAM"
    kafka_bootstrap_servers = "kafka-1.example.internal:9098"
  }

  expect_failures = [terraform_data.settings]
}

run "own_subnets_with_an_msk_cluster_of_the_stack_are_refused" {
  command = plan

  variables {
    app_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
    app_security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [terraform_data.settings]
}

# The SCRAM password would sit in the functions' and the task's environment in plain text.
run "scram_is_refused" {
  command = plan

  variables {
    kafka_auth = "SASL_SCRAM"
  }

  expect_failures = [var.kafka_auth]
}
