output "events_topic" {
  description = "Topic the Log Router sink publishes GKE audit entries to."
  value       = local.topic_ids["gke-audit-events"]
}

output "tickets_subscription" {
  description = "Subscription holding the finished tickets of the \"pubsub\" sink."
  value       = google_pubsub_subscription.holding["metadata-guard-tickets"].id
}

output "dead_letter_topics" {
  description = "Dead-letter topic of each topic."
  value       = { for t in local.topics : t => google_pubsub_topic.dead_letter[t].id }
}

output "functions" {
  description = "Function name => Cloud Run service URL (internal ingress only)."
  value       = { for fn, f in google_cloudfunctions2_function.function : fn => f.url }
}

output "function_service_accounts" {
  description = "Function name => the service account it runs as."
  value       = { for fn, sa in google_service_account.function : fn => sa.email }
}

output "node_service_account" {
  description = "Least-privilege node service account used by replacement node pools."
  value       = google_service_account.nodes.email
}

output "sink_writer_identity" {
  description = "Identity the Log Router sink writes as (allowed to publish to the events topic only)."
  value       = local.sink_writer_identity
}

output "ticket_secrets" {
  description = "Secret Manager secrets to fill with gcloud before the ticket opener can reach its sink."
  value       = { for env, s in google_secret_manager_secret.ticket : env => s.id }
}

output "mode" {
  description = "dry-run or enforce (as rendered in the policy; a policy_file decides for itself)."
  value       = var.policy_file == null ? var.mode : "set by ${var.policy_file}"
}

output "dead_letter_setup" {
  description = "Shell commands that give the Eventarc subscriptions of the functions their dead-letter policy (run once after each apply that recreates a function)."
  value = join("\n", concat(["set -eu"], flatten([
    for trigger, topic in merge(
      { for fn, f in google_cloudfunctions2_function.function : f.event_trigger[0].trigger => local.functions[fn].trigger_topic },
      { for fn, t in google_eventarc_trigger.inspection_requests : t.name => local.inspection_triggers[fn] },
      ) : [
      "sub=$(gcloud eventarc triggers describe '${trigger}' --project='${var.project_id}' --location='${var.region}' --format='value(transport.pubsub.subscription)')",
      "gcloud pubsub subscriptions update \"$sub\" --project='${var.project_id}' --dead-letter-topic='${google_pubsub_topic.dead_letter[topic].id}' --max-delivery-attempts=${var.max_delivery_attempts} --min-retry-delay=10s --max-retry-delay=600s",
      "gcloud pubsub subscriptions add-iam-policy-binding \"$sub\" --project='${var.project_id}' --member='${local.agent_member["pubsub.googleapis.com"]}' --role=roles/pubsub.subscriber >/dev/null",
    ]
  ])))
}

output "scc_source" {
  description = "The guard's Security Command Center source, organizations/ORG/sources/ID (scc ticket sink only); its findings are at SOURCE/locations/global/findings."
  value       = local.scc_source
}
