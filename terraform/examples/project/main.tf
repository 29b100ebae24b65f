# Watches one project: GKE changes in project_id are checked, tickets go to the
# metadata-guard-tickets subscription, and nothing is changed (dry-run).
terraform {
  required_version = ">= 1.9"
}

variable "project_id" {
  description = "Project to watch and to install Metadata Guard in."
  type        = string
}

variable "region" {
  description = "Region of the functions."
  type        = string
  default     = "us-central1"
}

provider "google" {
  project = var.project_id
  region  = var.region
}

# The service agents (google_project_service_identity) are created through the beta provider.
provider "google-beta" {
  project = var.project_id
  region  = var.region
}

module "metadata_guard" {
  source = "../.."

  project_id = var.project_id
  region     = var.region
  scope      = "project"
  mode       = "dry-run"
}

output "tickets_subscription" {
  value = module.metadata_guard.tickets_subscription
}

output "dead_letter_setup" {
  value = module.metadata_guard.dead_letter_setup
}
