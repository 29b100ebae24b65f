# gke-audit-events      <- Log Router sink, estate-sweeper, ticket-opener (clusters to read again) -> audit-inspector
# replacement-requests  <- audit-inspector                 -> node-pool-replacer
# ticket-requests       <- audit-inspector, replacer, estate-sweeper (the clusters a sweep found) -> ticket-opener
# metadata-guard-tickets <- ticket-opener ("pubsub" sink)  -> subscription metadata-guard-tickets
# sweep-requests        <- Cloud Scheduler, or by hand       -> estate-sweeper (-> gke-audit-events)
# sweep-reports         <- estate-sweeper (one JSON report per sweep) -> subscription sweep-reports
resource "google_pubsub_topic" "guard" {
  for_each = toset(local.topics)

  project = var.project_id
  name    = each.value
  labels  = { app = "metadata-guard" }

  depends_on = [google_project_service.enabled]
}

# One dead-letter topic per topic. Dead letters are kept on the topic for 7 days, so they can be
# read back with a new subscription (seek to a time) and replayed.
resource "google_pubsub_topic" "dead_letter" {
  for_each = toset(local.topics)

  project                    = var.project_id
  name                       = "${each.value}-dead-letter"
  message_retention_duration = "604800s"
  labels                     = { app = "metadata-guard" }

  depends_on = [google_project_service.enabled]
}

# Messages that wait for a reader: finished tickets of the default "pubsub" sink (for your tracker
# integration), and each sweep's JSON report (clusters per project, requests sent, errors).
resource "google_pubsub_subscription" "holding" {
  for_each = toset(["metadata-guard-tickets", "sweep-reports"])

  project = var.project_id
  name    = each.value
  topic   = google_pubsub_topic.guard[each.value].id

  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  labels                     = { app = "metadata-guard" }

  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.value].id
    max_delivery_attempts = var.max_delivery_attempts
  }
}

moved {
  from = google_pubsub_subscription.tickets
  to   = google_pubsub_subscription.holding["metadata-guard-tickets"]
}

# Pub/Sub's service agent moves undeliverable messages: it publishes to the dead-letter topics and
# acknowledges on the source subscription. The subscriptions that deliver to the functions are
# made by Eventarc; `terraform output -raw dead_letter_setup` sets their dead-letter policy.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = toset(local.topics)

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.value].name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "holding_dead_letter_subscriber" {
  for_each = google_pubsub_subscription.holding

  project      = var.project_id
  subscription = each.value.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# Each function publishes only to the topics it hands work to.
resource "google_pubsub_topic_iam_member" "function_publisher" {
  for_each = local.publisher_grants

  project = var.project_id
  topic   = google_pubsub_topic.guard[each.value.topic].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

# Each function parks what no retry can fix (an unreadable message, a request refused for good) on
# its trigger topic's dead-letter topic itself, instead of having it retried for days.
resource "google_pubsub_topic_iam_member" "function_dead_letter" {
  for_each = local.functions

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.value.trigger_topic].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.function[each.key].email}"
}

moved {
  from = google_pubsub_subscription_iam_member.tickets_dead_letter_subscriber
  to   = google_pubsub_subscription_iam_member.holding_dead_letter_subscriber["metadata-guard-tickets"]
}
