# The lake: every quote as it came (bronze), under quotes/dt=YYYY-MM-DD/hour=HH/ (quote-core S3BatchKey), readable by
# Athena through a Glue table with partition projection: no crawler, no MSCK REPAIR.

resource "aws_s3_bucket" "lake" {
  bucket = var.bucket_name

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_ownership_controls" "lake" {
  bucket = aws_s3_bucket.lake.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "lake" {
  bucket                  = aws_s3_bucket.lake.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.lake.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  rule {
    id     = "expire-quarantine"
    status = "Enabled"
    filter {
      prefix = "quarantine/"
    }
    expiration {
      days = var.quarantine_retention_days
    }
  }

  # The pipeline panel's records: dead-letter mirrors and alerts are kept as long as quarantined lines; the status
  # objects are overwritten every poll, load or minute, so their old versions go after a day.
  rule {
    id     = "expire-dead-letters"
    status = "Enabled"
    filter {
      prefix = "dead-letters/"
    }
    expiration {
      days = var.quarantine_retention_days
    }
  }

  rule {
    id     = "expire-alerts"
    status = "Enabled"
    filter {
      prefix = "alerts/"
    }
    expiration {
      days = var.quarantine_retention_days
    }
  }

  rule {
    id     = "expire-status-versions"
    status = "Enabled"
    filter {
      prefix = "status/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.lake]
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyTlsBelow12"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "lake" {
  bucket = aws_s3_bucket.lake.id
  policy = data.aws_iam_policy_document.tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.lake]
}

resource "aws_glue_catalog_database" "lake" {
  name        = var.glue_database_name
  description = "quotepipe lake (bronze layer); tables read by Athena without a crawler"
}

resource "aws_glue_catalog_table" "quotes" {
  name          = "quotes"
  database_name = aws_glue_catalog_database.lake.name
  description   = "Every quote as it came from Kafka, with its Kafka coordinates (Quote JSON v1 batch lines)"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "classification"              = "json"
    "compressionType"             = "gzip"
    "projection.enabled"          = "true"
    "projection.dt.type"          = "date"
    "projection.dt.format"        = "yyyy-MM-dd"
    "projection.dt.range"         = "2026-01-01,NOW"
    "projection.dt.interval"      = "1"
    "projection.dt.interval.unit" = "DAYS"
    "projection.hour.type"        = "integer"
    "projection.hour.range"       = "0,23"
    "projection.hour.digits"      = "2"
    "storage.location.template"   = "s3://${aws_s3_bucket.lake.bucket}/quotes/dt=$${dt}/hour=$${hour}/"
  }

  partition_keys {
    name    = "dt"
    type    = "string"
    comment = "UTC date of the batch, yyyy-MM-dd"
  }

  partition_keys {
    name    = "hour"
    type    = "string"
    comment = "UTC hour of the batch, 00..23"
  }

  storage_descriptor {
    location      = "s3://${aws_s3_bucket.lake.bucket}/quotes/"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    compressed    = true

    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters = {
        "case.insensitive"      = "true"
        "ignore.malformed.json" = "true"
      }
    }

    # Money and percentages are decimals end to end (docs/design.md), never double.
    columns {
      name = "schemaversion"
      type = "int"
    }
    columns {
      name = "source"
      type = "string"
    }
    columns {
      name = "symbol"
      type = "string"
    }
    columns {
      name = "name"
      type = "string"
    }
    columns {
      name = "rank"
      type = "int"
    }
    columns {
      name = "priceusd"
      type = "decimal(38,18)"
    }
    columns {
      name = "volume24husd"
      type = "decimal(38,18)"
    }
    columns {
      name = "marketcapusd"
      type = "decimal(38,18)"
    }
    columns {
      name = "change1hpct"
      type = "decimal(38,18)"
    }
    columns {
      name = "change24hpct"
      type = "decimal(38,18)"
    }
    columns {
      name = "change7dpct"
      type = "decimal(38,18)"
    }
    columns {
      name    = "observedat"
      type    = "string"
      comment = "ISO-8601 UTC, e.g. 2026-11-21T18:05:00.000Z: from_iso8601_timestamp(observedat)"
    }
    columns {
      name = "fetchedat"
      type = "string"
    }
    columns {
      name = "pollid"
      type = "string"
    }
    columns {
      name = "kafka"
      type = "struct<topic:string,partition:int,offset:bigint,timestamp:string>"
    }
  }
}
