# The Google-managed service agents the guard relies on, created before anything uses them, each with the
# grant it needs, and a wait for those grants to apply. On a fresh project the Eventarc agent is otherwise
# created on first use and the trigger fails with "Permission denied while using the Eventarc Service Agent"
# (terraform-provider-google #14584, #25294); google_project_service_identity is the provider's documented way
# to create an agent up front (it is in the beta provider only).
#
#   eventarc.googleapis.com   creates the functions' triggers             roles/eventarc.serviceAgent
#   pubsub.googleapis.com     pushes to the functions with an OIDC token  token creator on each trigger account
#                             of its trigger account, and moves dead      (pubsub.tf: publisher on the dead-letter
#                             letters                                     topics, subscriber on the subscriptions)
#   cloudbuild.googleapis.com runs the functions' builds as mg-function-build   roles/cloudbuild.serviceAgent
#   run.googleapis.com        runs the functions' Cloud Run services          roles/run.serviceAgent
#   cloudscheduler.googleapis.com publishes the sweep job's messages         publisher on sweep-requests (pubsub.tf)
resource "google_project_service_identity" "agent" {
  provider = google-beta
  for_each = toset(local.service_agents)

  project = var.project_id
  service = each.value

  depends_on = [google_project_service.enabled]
}

locals {
  service_agents = ["eventarc.googleapis.com", "pubsub.googleapis.com", "cloudbuild.googleapis.com", "run.googleapis.com", "cloudscheduler.googleapis.com"]
  agent_member   = { for service, agent in google_project_service_identity.agent : service => agent.member }
  # Each agent's role on the project. Google grants these when it creates an agent, but not always before the
  # first call that needs it: granting them here orders the two.
  agent_roles = {
    "eventarc.googleapis.com"   = "roles/eventarc.serviceAgent"
    "cloudbuild.googleapis.com" = "roles/cloudbuild.serviceAgent"
    "run.googleapis.com"        = "roles/run.serviceAgent"
  }
}

resource "google_project_iam_member" "agent" {
  for_each = local.agent_roles

  project = var.project_id
  role    = each.value
  member  = local.agent_member[each.key]
}

# Eventarc's Pub/Sub triggers push with an OIDC token of the trigger's account, minted by the Pub/Sub agent.
# A Pub/Sub agent made on or before 2021-04-08 lacks that right ("Eventarc roles and permissions", Pub/Sub
# service agent: roles/iam.serviceAccountTokenCreator); granted on the trigger accounts alone, not the project.
resource "google_service_account_iam_member" "pubsub_agent_mints_trigger_tokens" {
  for_each = local.functions

  service_account_id = google_service_account.trigger[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.agent_member["pubsub.googleapis.com"]
}

# IAM changes take effect within about a minute, usually sooner ("Access change propagation"); the provider's
# cloudfunctions2_basic_builder example waits 60 s after the build account's grants before the function.
resource "time_sleep" "grants_apply" {
  create_duration = "60s"

  depends_on = [
    google_project_iam_member.agent,
    google_service_account_iam_member.pubsub_agent_mints_trigger_tokens,
    google_project_iam_member.build,
    google_project_iam_member.build_reads_function_sources,
  ]
}
