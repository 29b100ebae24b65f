# Watches every project of an organisation from one security project, opens GitHub issues,
# and mails the dead-letter alert. Switch mode to "enforce" once the dry-run decisions look right.
terraform {
  required_version = ">= 1.9"
}

variable "project_id" {
  description = "Security project that hosts Metadata Guard."
  type        = string
}

variable "organization_id" {
  description = "Numeric id of the organisation to watch."
  type        = string
}

variable "github_repository" {
  description = "Repository (owner/name) that receives the issues."
  type        = string
}

variable "alert_email" {
  description = "Who is told about undelivered messages."
  type        = string
}

provider "google" {
  project = var.project_id
  region  = "europe-west1"
}

# The service agents (google_project_service_identity) are created through the beta provider.
provider "google-beta" {
  project = var.project_id
  region  = "europe-west1"
}

module "metadata_guard" {
  source = "../.."

  project_id      = var.project_id
  region          = "europe-west1"
  scope           = "organization"
  organization_id = var.organization_id
  mode            = "dry-run"
  ticket_sink     = "github"
  github          = { repository = var.github_repository }
  alert_email     = var.alert_email
}

output "ticket_secrets" {
  description = "Add the GitHub token to this secret before the ticket opener starts."
  value       = module.metadata_guard.ticket_secrets
}

output "dead_letter_setup" {
  value = module.metadata_guard.dead_letter_setup
}

# The Organization Policy constraints written from the guard's checks, in dry run: read what they would have
# refused (terraform/README.md, "Prevention"), then set enforce = true.
module "prevent" {
  source = "../../prevent"

  organization_id = var.organization_id
  parent          = "organizations/${var.organization_id}"
  enforce         = false
}
