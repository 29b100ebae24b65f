# The Log Router sink at the chosen scope. Its writer identity may publish to gke-audit-events
# and nothing else (pubsub.tf, topic_publishers).
resource "google_logging_project_sink" "audit" {
  count = var.scope == "project" ? 1 : 0

  project                = var.project_id
  name                   = "metadata-guard-gke-audit"
  description            = "GKE cluster and node-pool changes for Metadata Guard"
  destination            = "pubsub.googleapis.com/${google_pubsub_topic.guard["gke-audit-events"].id}"
  filter                 = local.sink_filter
  unique_writer_identity = true
}

resource "google_logging_folder_sink" "audit" {
  count = var.scope == "folder" ? 1 : 0

  folder           = var.folder_id
  name             = "metadata-guard-gke-audit"
  description      = "GKE cluster and node-pool changes for Metadata Guard"
  destination      = "pubsub.googleapis.com/${google_pubsub_topic.guard["gke-audit-events"].id}"
  filter           = local.sink_filter
  include_children = true
}

resource "google_logging_organization_sink" "audit" {
  count = var.scope == "organization" ? 1 : 0

  org_id           = var.organization_id
  name             = "metadata-guard-gke-audit"
  description      = "GKE cluster and node-pool changes for Metadata Guard"
  destination      = "pubsub.googleapis.com/${google_pubsub_topic.guard["gke-audit-events"].id}"
  filter           = local.sink_filter
  include_children = true
}

locals {
  sink_writer_identity = one(concat(
    google_logging_project_sink.audit[*].writer_identity,
    google_logging_folder_sink.audit[*].writer_identity,
    google_logging_organization_sink.audit[*].writer_identity,
  ))
}
