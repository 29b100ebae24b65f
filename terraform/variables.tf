variable "project_id" {
  description = "Project that hosts Metadata Guard: topics, functions, service accounts, node service account and alerts."
  type        = string
}

variable "region" {
  description = "Region of the functions, their triggers and the source bucket."
  type        = string
  default     = "us-central1"
}

variable "scope" {
  description = "What the guard watches: \"project\" (project_id only), \"folder\" (folder_id and everything under it) or \"organization\" (organization_id and everything under it)."
  type        = string
  default     = "project"

  validation {
    condition     = contains(["project", "folder", "organization"], var.scope)
    error_message = "scope must be one of project, folder, organization."
  }
}

variable "folder_id" {
  description = "Numeric folder id to watch when scope is \"folder\"."
  type        = string
  default     = null

  validation {
    condition     = var.scope != "folder" || can(regex("^[0-9]+$", var.folder_id))
    error_message = "scope = \"folder\" needs folder_id, the numeric id of the folder (without \"folders/\")."
  }
}

variable "organization_id" {
  description = "Numeric organisation id. Needed when scope is \"organization\", when scope is \"folder\" (custom roles for folder-wide grants are defined on the organisation), and for the scc ticket sink."
  type        = string
  default     = null

  validation {
    condition     = var.scope == "project" || can(regex("^[0-9]+$", var.organization_id))
    error_message = "scope = \"folder\" or \"organization\" needs organization_id, the numeric id of the organisation."
  }

  validation {
    condition     = !contains(coalesce(var.ticket_sinks, [var.ticket_sink]), "scc") || can(regex("^[0-9]+$", var.organization_id))
    error_message = "the scc ticket sink needs organization_id: Security Command Center sources belong to an organisation."
  }
}

variable "iam_policy_analyzer" {
  description = "Read the node service accounts' roles (MG003) with Cloud Asset Inventory's IAM Policy Analyzer over the organisation, which expands Google groups; without it, MG003 reads the policies with Resource Manager and is unknown where a group holds a role beyond the allowed set. Needs scope = \"organization\" (the analyzer sees only the policies at and below its scope), and Security Command Center Premium or Enterprise beyond 20 analyses per organisation per day; the guard falls back to Resource Manager when the analyzer refuses."
  type        = bool
  default     = false

  validation {
    condition     = !var.iam_policy_analyzer || var.scope == "organization"
    error_message = "iam_policy_analyzer needs scope = \"organization\": the analyzer sees only the policies at and below its scope, and the functions hold its permissions at the watched scope."
  }
}

variable "mode" {
  description = "\"dry-run\" computes and logs every decision and changes nothing; \"enforce\" opens tickets and creates replacement node pools."
  type        = string
  default     = "dry-run"

  validation {
    condition     = contains(["dry-run", "enforce"], var.mode)
    error_message = "mode must be \"dry-run\" or \"enforce\"."
  }
}

variable "policy_file" {
  description = "Path to your own policy YAML, passed to the functions as it is instead of the one rendered from policy.yaml.tftpl (mode, ticket_sink and its settings are then taken from your file)."
  type        = string
  default     = null
}

variable "ticket_sink" {
  description = "Where the ticket opener sends tickets: \"pubsub\" (topic metadata-guard-tickets), \"webhook\", \"jira\", \"github\" or \"scc\" (Security Command Center findings; needs organization_id). ticket_sinks chooses several at once."
  type        = string
  default     = "pubsub"

  validation {
    condition     = contains(["pubsub", "webhook", "jira", "github", "scc"], var.ticket_sink)
    error_message = "ticket_sink must be one of pubsub, webhook, jira, github, scc."
  }
}

variable "ticket_sinks" {
  description = "Several ticket sinks at once, each receiving every change, e.g. [\"github\", \"scc\"]. When set, it replaces ticket_sink."
  type        = list(string)
  default     = null

  validation {
    condition = var.ticket_sinks == null || (
      length(coalesce(var.ticket_sinks, [])) > 0
      && length(distinct(coalesce(var.ticket_sinks, []))) == length(coalesce(var.ticket_sinks, []))
      && alltrue([for s in coalesce(var.ticket_sinks, []) : contains(["pubsub", "webhook", "jira", "github", "scc"], s)])
    )
    error_message = "ticket_sinks must list one or more of pubsub, webhook, jira, github, scc, each once."
  }
}

variable "jira" {
  description = "Jira Cloud settings, needed when \"jira\" is a ticket sink. The API token goes into the Secret Manager secret metadata-guard-jira-token, never here."
  type = object({
    base_url    = string
    project_key = string
    user_email  = string
  })
  default = null

  validation {
    condition     = !contains(coalesce(var.ticket_sinks, [var.ticket_sink]), "jira") || var.jira != null
    error_message = "the jira ticket sink needs jira = { base_url, project_key, user_email }."
  }
}

variable "github" {
  description = "GitHub Issues settings, needed when \"github\" is a ticket sink: repository as \"owner/name\". The token goes into the Secret Manager secret metadata-guard-github-token."
  type = object({
    repository = string
  })
  default = null

  validation {
    condition     = !contains(coalesce(var.ticket_sinks, [var.ticket_sink]), "github") || var.github != null
    error_message = "the github ticket sink needs github = { repository = \"owner/name\" }."
  }
}

variable "webhook" {
  description = "Webhook settings, needed when \"webhook\" is a ticket sink: the HTTPS URL that receives signed tickets. The signing key goes into the Secret Manager secret metadata-guard-webhook-secret."
  type = object({
    url = string
  })
  default = null

  validation {
    condition     = !contains(coalesce(var.ticket_sinks, [var.ticket_sink]), "webhook") || var.webhook != null
    error_message = "the webhook ticket sink needs webhook = { url = \"https://...\" }."
  }
}

variable "node_service_accounts" {
  description = "Node service accounts of other projects, project id => email, for replacements outside project_id (folder or organisation scope). The replacer is allowed to act as each. project_id always uses the node service account created here."
  type        = map(string)
  default     = {}
}

variable "replace_in_projects" {
  description = "Projects where the node-pool replacer may write (container.clusters.update: create, resize and delete node pools, enable Workload Identity). Default: project_id only. Keep it to where the policy's remediation rules say replace; elsewhere GKE refuses the replacer and the ticket says so. A project install can only grant in project_id."
  type        = list(string)
  default     = null

  validation {
    condition     = var.scope != "project" || var.replace_in_projects == null || alltrue([for p in coalesce(var.replace_in_projects, []) : p == var.project_id])
    error_message = "scope = \"project\" can let the replacer write only in project_id (its custom roles live there)."
  }
}

variable "replace_in_folders" {
  description = "Numeric folder ids where the node-pool replacer may write, besides replace_in_projects (folder or organisation scope only)."
  type        = list(string)
  default     = []

  validation {
    condition     = var.scope != "project" || length(var.replace_in_folders) == 0
    error_message = "replace_in_folders needs scope = \"folder\" or \"organization\" (its custom role is defined on the organisation)."
  }
}

variable "replace_in_organization" {
  description = "Let the node-pool replacer write in every project of the organisation. Off unless asked for: prefer replace_in_projects and replace_in_folders."
  type        = bool
  default     = false

  validation {
    condition     = !var.replace_in_organization || var.scope == "organization"
    error_message = "replace_in_organization needs scope = \"organization\"."
  }
}

variable "artifact_registry_reader" {
  description = "Also grant roles/artifactregistry.reader to the node service account, so nodes can pull images from Artifact Registry in project_id."
  type        = bool
  default     = false
}

variable "alert_email" {
  description = "Email address notified by the dead-letter alert. Without it the alert still opens incidents in Cloud Monitoring, with no notification."
  type        = string
  default     = null
}

variable "max_delivery_attempts" {
  description = "Deliveries of one message before Pub/Sub moves it to the dead-letter topic (Pub/Sub accepts 5 to 100)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "sweep_schedule" {
  description = "When the estate sweep runs (cron, in sweep_time_zone): every cluster in scope is inspected, so resources made before the install and events lost on the way are judged too. A run by hand: gcloud pubsub topics publish sweep-requests --message='{}'."
  type        = string
  default     = "0 6 * * *"
}

variable "sweep_time_zone" {
  description = "Time zone of sweep_schedule."
  type        = string
  default     = "Etc/UTC"
}

variable "sweep_operators_group" {
  description = "Google group (email) whose members may start a sweep by hand (publish to sweep-requests), besides the scheduled job. Empty by default: only Cloud Scheduler's service agent may publish there."
  type        = string
  default     = null

  validation {
    condition     = var.sweep_operators_group == null || can(regex("^[^@\\s:]+@[^@\\s]+$", var.sweep_operators_group))
    error_message = "sweep_operators_group is the group's email address, e.g. guard-operators@example.com (without \"group:\")."
  }
}

variable "scc_source" {
  description = "An existing Security Command Center source of the guard, organizations/ORG/sources/ID (the scc_source output of an earlier install), used instead of creating one: sources cannot be deleted, and a second one named \"Metadata Guard\" is refused."
  type        = string
  default     = null

  validation {
    condition     = var.scc_source == null || can(regex("^organizations/[0-9]+/sources/[0-9]+$", var.scc_source))
    error_message = "scc_source must be organizations/ORG_ID/sources/SOURCE_ID."
  }
}
