terraform {
  required_version = ">= 1.9"

  required_providers {
    google = {
      source = "hashicorp/google"
      # terraform/check validates against the schema of google 6.50.0.
      version = "~> 6.50"
    }
  }
}
