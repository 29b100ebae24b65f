# gke-audit-events      <- Log Router sink                 -> audit-inspector
# inspection-requests   <- estate-sweeper, ticket-opener (clusters to read again) -> audit-inspector
# replacement-requests  <- audit-inspector                 -> node-pool-replacer
# ticket-requests       <- audit-inspector, replacer, estate-sweeper (the clusters a sweep found) -> ticket-opener
# metadata-guard-tickets <- ticket-opener ("pubsub" sink)  -> subscription metadata-guard-tickets
# sweep-requests        <- Cloud Scheduler's service agent, var.sweep_operators_group -> estate-sweeper
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

  # Pub/Sub's agent must exist, and may publish to the dead-letter topics, before a subscription names one.
  depends_on = [google_project_service_identity.agent, google_pubsub_topic_iam_member.publisher]
}

moved {
  from = google_pubsub_subscription.tickets
  to   = google_pubsub_subscription.holding["metadata-guard-tickets"]
}

# Who may publish to each topic, and no one else: every roles/pubsub.publisher of the guard is granted here
# (terraform/check holds the same table and fails on any other publisher binding; docs/security.md says what
# a forged message on each topic can and cannot do).
# - Each function publishes to the topics it hands work to, and parks what no retry can fix (an unreadable
#   message, a request refused for good) on its own trigger topic's dead-letter topic.
# - Pub/Sub's service agent moves what a subscription could not deliver to that subscription's dead-letter
#   topic, and acknowledges it on the source subscription ("Dead-letter topics": publisher on the dead-letter
#   topic, subscriber on the subscription). The subscriptions that deliver to the functions are made by
#   Eventarc; `terraform output -raw dead_letter_setup` sets their dead-letter policy.
# - Cloud Scheduler publishes a Pub/Sub target's message as its service agent: a Pub/Sub target has no
#   service account of its own (PubsubTarget; roles/cloudscheduler.serviceAgent holds pubsub.topics.publish).
locals {
  topic_publishers = {
    "gke-audit-events"                   = [local.sink_writer_identity]
    "inspection-requests"                = [local.function_members["estate-sweeper"], local.function_members["ticket-opener"]]
    "replacement-requests"               = [local.function_members["audit-inspector"]]
    "ticket-requests"                    = [local.function_members["audit-inspector"], local.function_members["node-pool-replacer"], local.function_members["estate-sweeper"]]
    "sweep-requests"                     = concat([local.agent_member["cloudscheduler.googleapis.com"]], local.sweep_operators)
    "sweep-reports"                      = [local.function_members["estate-sweeper"]]
    "metadata-guard-tickets"             = [local.function_members["ticket-opener"]]
    "gke-audit-events-dead-letter"       = [local.function_members["audit-inspector"], local.agent_member["pubsub.googleapis.com"]]
    "inspection-requests-dead-letter"    = [local.agent_member["pubsub.googleapis.com"]]
    "replacement-requests-dead-letter"   = [local.function_members["node-pool-replacer"], local.agent_member["pubsub.googleapis.com"]]
    "ticket-requests-dead-letter"        = [local.function_members["ticket-opener"], local.agent_member["pubsub.googleapis.com"]]
    "sweep-requests-dead-letter"         = [local.function_members["estate-sweeper"], local.agent_member["pubsub.googleapis.com"]]
    "sweep-reports-dead-letter"          = [local.agent_member["pubsub.googleapis.com"]]
    "metadata-guard-tickets-dead-letter" = [local.agent_member["pubsub.googleapis.com"]]
  }
  all_topics = merge(
    { for t, topic in google_pubsub_topic.guard : t => topic.name },
    { for t, topic in google_pubsub_topic.dead_letter : topic.name => topic.name },
  )
  sweep_operators = var.sweep_operators_group == null ? [] : ["group:${var.sweep_operators_group}"]
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = merge([
    for topic, members in local.topic_publishers : { for i, member in members : "${topic} ${i}" => { topic = topic, member = member } }
  ]...)

  project = var.project_id
  topic   = local.all_topics[each.value.topic]
  role    = "roles/pubsub.publisher"
  member  = each.value.member
}

resource "google_pubsub_subscription_iam_member" "holding_dead_letter_subscriber" {
  for_each = google_pubsub_subscription.holding

  project      = var.project_id
  subscription = each.value.name
  role         = "roles/pubsub.subscriber"
  member       = local.agent_member["pubsub.googleapis.com"]
}

moved {
  from = google_pubsub_subscription_iam_member.tickets_dead_letter_subscriber
  to   = google_pubsub_subscription_iam_member.holding_dead_letter_subscriber["metadata-guard-tickets"]
}

# The publisher bindings of earlier versions, now entries of the table: moved, not destroyed and created again
# (deleting the old address of the same member and role would remove the binding the new one holds).
moved {
  from = google_pubsub_topic_iam_member.sink_writer
  to   = google_pubsub_topic_iam_member.publisher["gke-audit-events 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["audit-inspector replacement-requests"]
  to   = google_pubsub_topic_iam_member.publisher["replacement-requests 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["audit-inspector ticket-requests"]
  to   = google_pubsub_topic_iam_member.publisher["ticket-requests 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["node-pool-replacer ticket-requests"]
  to   = google_pubsub_topic_iam_member.publisher["ticket-requests 1"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["estate-sweeper ticket-requests"]
  to   = google_pubsub_topic_iam_member.publisher["ticket-requests 2"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["estate-sweeper sweep-reports"]
  to   = google_pubsub_topic_iam_member.publisher["sweep-reports 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_publisher["ticket-opener metadata-guard-tickets"]
  to   = google_pubsub_topic_iam_member.publisher["metadata-guard-tickets 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_dead_letter["audit-inspector"]
  to   = google_pubsub_topic_iam_member.publisher["gke-audit-events-dead-letter 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_dead_letter["node-pool-replacer"]
  to   = google_pubsub_topic_iam_member.publisher["replacement-requests-dead-letter 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_dead_letter["ticket-opener"]
  to   = google_pubsub_topic_iam_member.publisher["ticket-requests-dead-letter 0"]
}

moved {
  from = google_pubsub_topic_iam_member.function_dead_letter["estate-sweeper"]
  to   = google_pubsub_topic_iam_member.publisher["sweep-requests-dead-letter 0"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["gke-audit-events"]
  to   = google_pubsub_topic_iam_member.publisher["gke-audit-events-dead-letter 1"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["replacement-requests"]
  to   = google_pubsub_topic_iam_member.publisher["replacement-requests-dead-letter 1"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["ticket-requests"]
  to   = google_pubsub_topic_iam_member.publisher["ticket-requests-dead-letter 1"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["sweep-requests"]
  to   = google_pubsub_topic_iam_member.publisher["sweep-requests-dead-letter 1"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["sweep-reports"]
  to   = google_pubsub_topic_iam_member.publisher["sweep-reports-dead-letter 0"]
}

moved {
  from = google_pubsub_topic_iam_member.dead_letter_publisher["metadata-guard-tickets"]
  to   = google_pubsub_topic_iam_member.publisher["metadata-guard-tickets-dead-letter 0"]
}
