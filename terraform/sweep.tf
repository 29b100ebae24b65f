# The estate sweep: Cloud Scheduler publishes to sweep-requests on a schedule; the estate-sweeper
# function finds every cluster in scope with Cloud Asset Inventory and sends one inspection request
# per cluster to the inspector.
# The job publishes as the Cloud Scheduler service agent, which alone (with sweep_operators_group) may publish
# to sweep-requests (pubsub.tf): a Pub/Sub target takes no service account, so no account of the guard's
# would ever be attached to it (the former mg-scheduler account was granted and never used).
resource "google_cloud_scheduler_job" "sweep" {
  project     = var.project_id
  region      = var.region
  name        = "metadata-guard-sweep"
  description = "Asks the estate sweeper to inspect every cluster in scope."
  schedule    = var.sweep_schedule
  time_zone   = var.sweep_time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.guard["sweep-requests"].id
    data       = base64encode("{\"requestedBy\": \"metadata-guard-sweep\"}")
  }

  depends_on = [google_project_service.enabled, google_pubsub_topic_iam_member.publisher, time_sleep.grants_apply]
}

# One point per sweep, from the sweeper's summary line: clusters requested, by whether it was complete.
resource "google_logging_metric" "sweep_clusters" {
  project     = var.project_id
  name        = "metadata-guard/sweep-clusters"
  description = "Clusters each estate sweep sent for inspection."
  filter      = "jsonPayload.component=\"estate-sweeper\" AND jsonPayload.message=\"sweep finished\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "1"

    labels {
      key        = "decision"
      value_type = "STRING"
    }
  }

  value_extractor = "EXTRACT(jsonPayload.requested)"
  label_extractors = {
    decision = "EXTRACT(jsonPayload.decision)"
  }

  bucket_options {
    exponential_buckets {
      num_finite_buckets = 20
      growth_factor      = 2
      scale              = 1
    }
  }
}

# Findings over time: the inspector's decisions, by outcome, from its "evaluated" lines.
resource "google_logging_metric" "findings" {
  project     = var.project_id
  name        = "metadata-guard/decisions"
  description = "Node pools evaluated by the inspector, by outcome and decision."
  filter      = "jsonPayload.component=\"audit-inspector\" AND jsonPayload.message=\"evaluated\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key        = "outcome"
      value_type = "STRING"
    }

    labels {
      key        = "decision"
      value_type = "STRING"
    }
  }

  label_extractors = {
    outcome  = "EXTRACT(jsonPayload.outcome)"
    decision = "EXTRACT(jsonPayload.decision)"
  }
}

resource "google_monitoring_dashboard" "guard" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "Metadata Guard"
    gridLayout = {
      columns = 2
      widgets = [
        {
          title = "Node pools evaluated, by outcome"
          xyChart = {
            dataSets = [{
              plotType = "STACKED_BAR"
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.findings.name}\""
                  aggregation = {
                    alignmentPeriod    = "86400s"
                    perSeriesAligner   = "ALIGN_SUM"
                    crossSeriesReducer = "REDUCE_SUM"
                    groupByFields      = ["metric.label.outcome"]
                  }
                }
              }
            }]
          }
        },
        {
          title = "Clusters per sweep"
          xyChart = {
            dataSets = [{
              plotType = "LINE"
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.sweep_clusters.name}\""
                  aggregation = {
                    alignmentPeriod    = "86400s"
                    perSeriesAligner   = "ALIGN_DELTA"
                    crossSeriesReducer = "REDUCE_SUM"
                    groupByFields      = ["metric.label.decision"]
                  }
                }
              }
            }]
          }
        },
      ]
    }
  })

  depends_on = [google_project_service.enabled]
}
