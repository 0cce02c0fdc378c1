variable "table_name" {
  description = "Name of the single table (docs/design.md: crypto-quotes)."
  type        = string
}
