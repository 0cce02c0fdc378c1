terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x: every argument used here (Lambda logging_config and snap_start, ECR empty_on_delete, MSK Serverless)
      # exists from 5.70 on.
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "quotepipe"
      Stage       = var.stage
    }
  }
}
