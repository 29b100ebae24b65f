resource "google_monitoring_notification_channel" "email" {
  count = var.alert_email == null ? 0 : 1

  project      = var.project_id
  display_name = "Metadata Guard alerts"
  type         = "email"
  labels       = { email_address = var.alert_email }

  depends_on = [google_project_service.enabled]
}

# Fires when a message lands on a dead-letter topic, and when a function's deliveries have been
# failing for an hour (that also covers Eventarc subscriptions whose dead-letter policy is not set).
resource "google_monitoring_alert_policy" "dead_letters" {
  project               = var.project_id
  display_name          = "Metadata Guard: undelivered messages"
  combiner              = "OR"
  notification_channels = google_monitoring_notification_channel.email[*].id

  # What Pub/Sub dead-letters is counted on the subscription that gave up on it
  # (pubsub.googleapis.com/subscription/dead_letter_message_count, "Monitor dead-lettered messages").
  conditions {
    display_name = "Message dead-lettered by a Metadata Guard subscription"

    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/dead_letter_message_count\" AND resource.labels.subscription_id = monitoring.regex.full_match(\"(eventarc-.*-(${join("|", keys(local.functions))})-.*|metadata-guard-tickets|sweep-reports)\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.subscription_id"]
      }

      trigger {
        count = 1
      }
    }
  }

  # What a function parks itself (unreadable, refused for good) is published to the dead-letter topic by the
  # function, not dead-lettered by Pub/Sub: counted as publish requests on those topics.
  conditions {
    display_name = "Message published to a Metadata Guard dead-letter topic by a function"

    condition_threshold {
      filter          = "resource.type = \"pubsub_topic\" AND metric.type = \"pubsub.googleapis.com/topic/send_request_count\" AND resource.labels.topic_id = monitoring.regex.full_match(\"(${join("|", local.topics)})-dead-letter\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.topic_id"]
      }

      trigger {
        count = 1
      }
    }
  }

  conditions {
    display_name = "Function deliveries unacknowledged for over an hour"

    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.labels.subscription_id = monitoring.regex.full_match(\"eventarc-.*-(${join("|", keys(local.functions))})-.*\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 3600
      duration        = "300s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      Metadata Guard could not process some messages. Read the function logs
      (`resource.type="cloud_run_revision" AND severity>=WARNING`), fix the cause, then replay the
      dead letters: create a subscription on the `-dead-letter` topic, seek it to the time of the
      failure, pull the messages and publish them again to the original topic.
    EOT
  }

  depends_on = [google_project_service.enabled]
}
