# The secret of the chosen ticket sink. Terraform creates the secret and lets the ticket opener
# read it; its value is added with gcloud (README: "Ticket sinks"), never written in Terraform.
resource "google_secret_manager_secret" "ticket" {
  for_each = local.ticket_secrets

  project   = var.project_id
  secret_id = each.value.secret_id
  labels    = { app = "metadata-guard" }

  replication {
    auto {}
  }

  depends_on = [google_project_service.enabled]
}

resource "google_secret_manager_secret_iam_member" "ticket_opener" {
  for_each = local.ticket_secrets

  project   = var.project_id
  secret_id = google_secret_manager_secret.ticket[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["ticket-opener"].email}"
}
