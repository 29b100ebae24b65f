# Security Command Center, when "scc" is among the ticket sinks: the guard's own finding source, and
# the ticket opener's grant on that source alone, a custom role holding exactly the finding calls the
# scc sink makes (permissions.json, key "ticket-opener@scc-source").
# Security Command Center has no call that deletes a source: `terraform destroy` only forgets it (the provider
# skips the delete), and a second source with the same display name is refused. A reinstall therefore names the
# source it already has (var.scc_source, the scc_source output of the first install) instead of making one.
resource "google_scc_v2_organization_source" "guard" {
  count = local.scc && var.scc_source == null ? 1 : 0

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
  source       = local.scc_source
  role         = google_organization_iam_custom_role.scc_findings[0].name
  member       = "serviceAccount:${google_service_account.function["ticket-opener"].email}"
}

locals {
  scc_source = local.scc ? coalesce(var.scc_source, one(google_scc_v2_organization_source.guard[*].name)) : null
}

# A finding provider does not set mute (v2 Finding.mute: "Indicates the mute state of a finding ... set by the
# user or a mute rule"): the ticket opener marks an exempt resource's finding with the source property
# metadata_guard_exempt = "true", and this rule mutes the guard's findings carrying it. DYNAMIC: a finding is
# muted while it matches and unmuted when the opener sets the property back to "false" ("Mute findings in
# Security Command Center", dynamic mute rules). Filter syntax: the findings filter of ListFindings / mute
# configs (`parent : "..."` substring on the finding's parent, `source_properties.KEY = "value"`).
resource "google_scc_v2_organization_mute_config" "exempt" {
  count = local.scc ? 1 : 0

  organization   = var.organization_id
  location       = "global"
  mute_config_id = "metadata-guard-exempt"
  type           = "DYNAMIC"
  description    = "Mutes Metadata Guard findings of resources its policy exempts (source property metadata_guard_exempt)."
  filter         = "parent : \"${local.scc_source}/\" AND source_properties.metadata_guard_exempt = \"true\""
}
