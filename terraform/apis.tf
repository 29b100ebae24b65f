resource "google_project_service" "enabled" {
  for_each = setunion([
    "artifactregistry.googleapis.com",
    "cloudasset.googleapis.com",
    "cloudscheduler.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "container.googleapis.com",
    "eventarc.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ], local.scc ? ["securitycenter.googleapis.com"] : [])

  project = var.project_id
  service = each.value
  # Other workloads of the project may use these APIs: uninstalling leaves them on.
  disable_on_destroy = false
}
