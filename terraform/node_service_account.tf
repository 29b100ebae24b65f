# The least-privilege node service account that replacement node pools run as.
resource "google_service_account" "nodes" {
  project      = var.project_id
  account_id   = "mg-nodes"
  display_name = "Metadata Guard GKE nodes"
  description  = "Node service account of the node pools Metadata Guard creates."

  depends_on = [google_project_service.enabled]
}

resource "google_project_iam_member" "nodes" {
  for_each = toset(concat(
    ["roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/logging.logWriter"],
    var.artifact_registry_reader ? ["roles/artifactregistry.reader"] : [],
  ))

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

# Creating a node pool that runs as a service account needs iam.serviceAccounts.actAs on that
# account: only the replacer gets it, on the node service accounts only.
resource "google_service_account_iam_member" "replacer_acts_as_nodes" {
  service_account_id = google_service_account.nodes.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.function["node-pool-replacer"].email}"
}

resource "google_service_account_iam_member" "replacer_acts_as_other_nodes" {
  for_each = var.node_service_accounts

  service_account_id = "projects/${each.key}/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.function["node-pool-replacer"].email}"
}
