# One service account per function, so each holds only what it needs.
resource "google_service_account" "function" {
  for_each = local.functions

  project      = var.project_id
  account_id   = "mg-${each.key}"
  display_name = "Metadata Guard ${each.key}"
  description  = each.value.description

  depends_on = [google_project_service.enabled]
}

# Custom roles built from permissions.json: on the project for a project install, on the
# organisation for a folder or organisation install. Besides one role per function, the replacer's
# writes (container.clusters.update: create, resize and delete node pools, enable Workload Identity)
# are a role of their own, "node-pool-replacer-write", granted only where the policy may replace:
# the projects and folders of replace_in_projects and replace_in_folders (default: project_id), the
# whole organisation only when replace_in_organization asks for it. The replacer's role at the
# watched scope only reads.
resource "google_project_iam_custom_role" "function" {
  for_each = { for name, perms in local.custom_roles : name => perms if !local.org_roles }

  project     = var.project_id
  role_id     = local.role_ids[each.key]
  title       = "Metadata Guard ${each.key}"
  description = "Only the API calls of ${each.key} (terraform/permissions.json)."
  permissions = each.value
}

resource "google_organization_iam_custom_role" "function" {
  for_each = { for name, perms in local.custom_roles : name => perms if local.org_roles }

  org_id      = var.organization_id
  role_id     = local.role_ids[each.key]
  title       = "Metadata Guard ${each.key}"
  description = "Only the API calls of ${each.key} (terraform/permissions.json)."
  permissions = each.value
}

locals {
  role_names = { for fn, role in merge(google_project_iam_custom_role.function, google_organization_iam_custom_role.function) : fn => role.name }
}

resource "google_project_iam_member" "replacer_write" {
  for_each = toset(local.replace_in_projects)

  project = each.key
  role    = local.role_names["node-pool-replacer-write"]
  member  = "serviceAccount:${google_service_account.function["node-pool-replacer"].email}"
}

resource "google_folder_iam_member" "replacer_write" {
  for_each = toset(var.replace_in_folders)

  folder = "folders/${each.key}"
  role   = local.role_names["node-pool-replacer-write"]
  member = "serviceAccount:${google_service_account.function["node-pool-replacer"].email}"
}

resource "google_organization_iam_member" "replacer_write" {
  count = var.replace_in_organization ? 1 : 0

  org_id = var.organization_id
  role   = local.role_names["node-pool-replacer-write"]
  member = "serviceAccount:${google_service_account.function["node-pool-replacer"].email}"
}

resource "google_project_iam_member" "function_role" {
  for_each = { for fn, perms in local.role_permissions : fn => perms if var.scope == "project" }

  project = var.project_id
  role    = local.role_names[each.key]
  member  = "serviceAccount:${google_service_account.function[each.key].email}"
}

resource "google_folder_iam_member" "function_role" {
  for_each = { for fn, perms in local.role_permissions : fn => perms if var.scope == "folder" }

  folder = "folders/${var.folder_id}"
  role   = local.role_names[each.key]
  member = "serviceAccount:${google_service_account.function[each.key].email}"
}

resource "google_organization_iam_member" "function_role" {
  for_each = { for fn, perms in local.role_permissions : fn => perms if var.scope == "organization" }

  org_id = var.organization_id
  role   = local.role_names[each.key]
  member = "serviceAccount:${google_service_account.function[each.key].email}"
}

# Eventarc delivers each function's messages as an account of its own, which may invoke that
# function and nothing else: a leaked trigger identity reaches one function, not four.
resource "google_service_account" "trigger" {
  for_each = local.functions

  project      = var.project_id
  account_id   = "mg-trigger-${each.key}"
  display_name = "Metadata Guard Eventarc trigger of ${each.key}"

  depends_on = [google_project_service.enabled]
}

# A Pub/Sub trigger's account needs only to invoke its function: roles/eventarc.eventReceiver is for triggers
# of direct and audit-log events ("Eventarc roles and permissions", Cloud Run functions targets).
resource "google_cloud_run_v2_service_iam_member" "trigger_invoker" {
  for_each = local.functions

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function[each.key].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger[each.key].email}"
}

# Cloud Build builds the function images as this account, instead of a default one.
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "mg-function-build"
  display_name = "Metadata Guard function builds"

  depends_on = [google_project_service.enabled]
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.build.email}"
}

# Cloud Functions copies each uploaded source into its own bucket, gcf-v2-sources-NUMBER-REGION, and the
# build reads it there ("Access to bucket gcf-v2-sources-... denied. You must grant Storage Object Viewer",
# terraform-provider-google #20571): Storage Object Viewer on the project, held only on that bucket by an IAM
# condition on the resource name (Cloud Storage: "resource.name" of a bucket's objects starts with
# projects/_/buckets/BUCKET).
resource "google_project_iam_member" "build_reads_function_sources" {
  project = var.project_id
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:${google_service_account.build.email}"

  condition {
    title       = "gcf-v2-sources bucket only"
    description = "The bucket Cloud Functions copies each function's source to, for the build."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${local.function_sources_bucket}\")"
  }
}

locals {
  function_sources_bucket = "gcf-v2-sources-${data.google_project.this.number}-${var.region}"
}
