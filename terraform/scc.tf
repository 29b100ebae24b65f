# Security Command Center, when "scc" is among the ticket sinks: the guard's own finding source, and
# the ticket opener's grant on that source alone, a custom role holding exactly the finding calls the
# scc sink makes (permissions.json, key "ticket-opener@scc-source").
resource "google_scc_v2_organization_source" "guard" {
  count = local.scc ? 1 : 0

  organization = var.organization_id
  display_name = "Metadata Guard"
  description  = "GKE node pools exposing node metadata or running with unsafe node service accounts: one finding per Metadata Guard ticket."

  depends_on = [google_project_service.enabled]
}

resource "google_organization_iam_custom_role" "scc_findings" {
  count = local.scc ? 1 : 0

  org_id      = var.organization_id
  role_id     = "metadataGuardSccFindings"
  title       = "Metadata Guard SCC findings"
  description = "Only the finding calls of the ticket opener's scc sink (terraform/permissions.json), granted on the guard's source alone."
  permissions = local.scc_source_permissions
}

resource "google_scc_v2_organization_source_iam_member" "ticket_opener" {
  count = local.scc ? 1 : 0

  organization = var.organization_id
  source       = google_scc_v2_organization_source.guard[0].name
  role         = google_organization_iam_custom_role.scc_findings[0].name
  member       = "serviceAccount:${google_service_account.function["ticket-opener"].email}"
}
