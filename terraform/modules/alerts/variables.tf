variable "topic_name" {
  description = "Name of the alerts topic (docs/design.md: quotepipe-alerts)."
  type        = string
}

variable "email" {
  description = "E-mail address subscribed to the topic."
  type        = string
}
