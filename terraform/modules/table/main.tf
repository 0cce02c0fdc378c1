# The single table of docs/design.md: string keys pk/sk, on demand, point-in-time recovery, TTL on expiresAt.

resource "aws_dynamodb_table" "quotes" {
  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  # KMS with the AWS managed key aws/dynamodb.
  server_side_encryption {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}
