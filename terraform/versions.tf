terraform {
  # 1.9 lets a variable's validation refer to other variables (scope and its ids).
  required_version = ">= 1.9"

  required_providers {
    google = {
      source = "hashicorp/google"
      # terraform/check validates against the schema of google 6.50.0.
      version = "~> 6.50"
    }
    # google_project_service_identity (service_agents.tf) is in the beta provider only.
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.50"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
    # time_sleep: IAM grants to new service agents take time to apply (service_agents.tf).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
}
