variable "table_name" {
  description = "Name of the single table (DESIGN.md: crypto-quotes)."
  type        = string
}
