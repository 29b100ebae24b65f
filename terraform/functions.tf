# Function sources: the deploy folder of each module (one fat jar), zipped and uploaded.
resource "google_storage_bucket" "sources" {
  project                     = var.project_id
  name                        = "${var.project_id}-metadata-guard-src"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = { app = "metadata-guard" }

  depends_on = [google_project_service.enabled]
}

data "archive_file" "function" {
  for_each = local.functions

  type        = "zip"
  source_dir  = "${path.module}/../functions/${each.key}/target/deploy"
  output_path = "${path.module}/.build/${each.key}.zip"
}

resource "google_storage_bucket_object" "function" {
  for_each = local.functions

  # A new name for new jars, so the function is rebuilt exactly when its jar changes.
  name   = "${each.key}/${data.archive_file.function[each.key].output_md5}.zip"
  bucket = google_storage_bucket.sources.name
  source = data.archive_file.function[each.key].output_path
}

resource "google_cloudfunctions2_function" "function" {
  for_each = local.functions

  project     = var.project_id
  location    = var.region
  name        = each.key
  description = each.value.description
  labels      = { app = "metadata-guard" }

  build_config {
    runtime         = "java17"
    entry_point     = each.value.entry_point
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.function[each.key].name
      }
    }
  }

  service_config {
    service_account_email          = google_service_account.function[each.key].email
    available_memory               = "${local.function_memory_mib}Mi"
    available_cpu                  = lookup(var.function_cpu, each.key, null)
    timeout_seconds                = each.value.timeout_seconds
    min_instance_count             = each.key == "audit-inspector" ? var.inspector_min_instances : 0
    max_instance_count             = 10
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    # Each function parks what no retry can fix on its trigger topic's dead-letter topic, and knows its own
    # timeout: the node-pool replacer ends each delivery inside it, its waits on GKE bounded by the time left.
    environment_variables = merge(local.function_environment, lookup(local.jvm_environment, each.key, {}),
      lookup(local.inspection_environment, each.key, {}), lookup(local.analysis_environment, each.key, {}), {
        MG_DEAD_LETTER_TOPIC        = google_pubsub_topic.dead_letter[each.value.trigger_topic].id
        MG_FUNCTION_TIMEOUT_SECONDS = tostring(each.value.timeout_seconds)
    })

    dynamic "secret_environment_variables" {
      for_each = { for env, secret in local.ticket_secrets : env => secret if each.key == "ticket-opener" }

      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = google_secret_manager_secret.ticket[secret_environment_variables.key].secret_id
        version    = "latest"
      }
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.guard[each.value.trigger_topic].id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.trigger[each.key].email
  }

  # The service agents with their grants, the build account's, and the wait for them (service_agents.tf);
  # the ticket opener's secrets (README "First deployment": their versions are added before this apply).
  depends_on = [
    time_sleep.grants_apply,
    google_project_service_identity.agent,
    google_project_iam_member.agent,
    google_service_account_iam_member.pubsub_agent_mints_trigger_tokens,
    google_project_iam_member.build,
    google_project_iam_member.build_reads_function_sources,
    google_secret_manager_secret_iam_member.ticket_opener,
  ]
}

# The audit-inspector's second trigger: inspection requests, on a topic only the sweeper and the ticket
# opener may publish to. Same delivery as the function's own trigger: its trigger account, retried, and a
# dead-letter policy from `terraform output -raw dead_letter_setup`.
resource "google_eventarc_trigger" "inspection_requests" {
  for_each = local.inspection_triggers

  project         = var.project_id
  location        = var.region
  name            = "${each.key}-${each.value}"
  service_account = google_service_account.trigger[each.key].email
  labels          = { app = "metadata-guard" }

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }

  transport {
    pubsub {
      topic = google_pubsub_topic.guard[each.value].id
    }
  }

  destination {
    cloud_run_service {
      service = google_cloudfunctions2_function.function[each.key].service_config[0].service
      region  = var.region
    }
  }

  depends_on = [
    time_sleep.grants_apply,
    google_project_service_identity.agent,
    google_project_iam_member.agent,
    google_service_account_iam_member.pubsub_agent_mints_trigger_tokens,
    google_cloud_run_v2_service_iam_member.trigger_invoker,
  ]
}
