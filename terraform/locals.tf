locals {
  # The four functions and what triggers each (who publishes where: pubsub.tf, topic_publishers). Jars come from
  # `mvn -q -DskipTests package` (functions/<name>/target/deploy/ holds one fat jar).
  functions = {
    "audit-inspector" = {
      description     = "Inspects each GKE cluster and node-pool creation or update and decides: nothing, ticket or replacement."
      entry_point     = "dev.metadataguard.functions.AuditInspector"
      trigger_topic   = "gke-audit-events"
      timeout_seconds = 120
    }
    "node-pool-replacer" = {
      description     = "Creates a compliant replacement node pool, idempotently, and reports the outcome as a ticket request."
      entry_point     = "dev.metadataguard.functions.NodePoolReplacer"
      trigger_topic   = "replacement-requests"
      timeout_seconds = 540
    }
    "estate-sweeper" = {
      description     = "Finds every cluster in scope (Cloud Asset Inventory) and sends one inspection request per cluster to the inspector."
      entry_point     = "dev.metadataguard.functions.EstateSweeper"
      trigger_topic   = "sweep-requests"
      timeout_seconds = 540
    }
    "ticket-opener" = {
      description     = "Opens or updates one ticket per resource and finding set."
      entry_point     = "dev.metadataguard.functions.TicketOpener"
      trigger_topic   = "ticket-requests"
      timeout_seconds = 120
    }
  }

  # Functions with a second trigger (functions.tf, inspection_requests): the audit-inspector tells inspection
  # requests from audit entries by the topic they came from (the CloudEvent's source).
  inspection_triggers = { "audit-inspector" = "inspection-requests" }

  topics = ["gke-audit-events", "inspection-requests", "ticket-requests", "replacement-requests", "metadata-guard-tickets", "sweep-requests", "sweep-reports"]

  # Permissions of each function's custom role. permissions.json is the single source of truth;
  # a function with no permissions gets no role.
  # A key "FUNCTION@scc-source" holds what FUNCTION is granted on the guard's own Security Command
  # Center source alone (scc.tf), never at the scope.
  # A project-level custom role cannot hold folder or organisation permissions: a project install
  # reads only its project's policy, and MG003 says "unknown" for roles it cannot see above it.
  permissions_file       = jsondecode(file("${path.module}/permissions.json"))
  permissions            = { for fn, perms in local.permissions_file : fn => perms if !endswith(fn, "@scc-source") }
  scc_source_permissions = local.permissions_file["ticket-opener@scc-source"]
  above_project          = ["resourcemanager.folders.", "resourcemanager.organizations."]
  # The IAM Policy Analyzer's permissions (AnalyzeIamPolicy) are held only where it is used (iam_policy_analyzer);
  # the sweeper's own SearchAllResources stays.
  analyzer_permissions = ["cloudasset.assets.analyzeIamPolicy", "cloudasset.assets.searchAllIamPolicies", "cloudasset.assets.searchAllResources"]
  analyzing            = ["audit-inspector", "node-pool-replacer", "ticket-opener"]
  analyzed             = { for fn, perms in local.permissions : fn => [for p in perms : p if var.iam_policy_analyzer || !contains(local.analyzing, fn) || !contains(local.analyzer_permissions, p)] }
  scoped               = { for fn, perms in local.analyzed : fn => [for p in perms : p if var.scope != "project" || alltrue([for prefix in local.above_project : !startswith(p, prefix)])] }
  # The replacer's writes are left out of its role at the watched scope: they are granted apart, only
  # where the policy may replace (iam.tf, replacer_write).
  replacer_write_permissions = ["container.clusters.update"]
  scoped_permissions = { for fn, perms in local.scoped :
    fn => [for p in perms : p if !contains(local.replacer_write_permissions, p)]
  }
  role_permissions    = { for fn, perms in local.scoped_permissions : fn => perms if length(perms) > 0 }
  custom_roles        = merge(local.role_permissions, { "node-pool-replacer-write" = local.replacer_write_permissions })
  replace_in_projects = coalesce(var.replace_in_projects, [var.project_id])
  role_ids            = { for name in keys(local.custom_roles) : name => "metadataGuard${join("", [for word in split("-", name) : title(word)])}" }
  # Folder and organisation installs read clusters in every project below them, so their roles
  # are defined on the organisation and granted at the folder or organisation.
  org_roles = var.scope != "project"

  function_members = { for fn, sa in google_service_account.function : fn => "serviceAccount:${sa.email}" }

  # Audit log entries the guard handles (the decoder's Verb, kept equal by SinkFilterTest); the
  # replacer's own requests are left out. A Delete is a hint: the inspector re-reads before it resolves.
  cluster_methods = flatten([
    for version in ["v1", "v1beta1", "v1alpha1"] : [
      for method in ["CreateCluster", "CreateNodePool", "UpdateCluster", "UpdateNodePool", "DeleteCluster", "DeleteNodePool"] :
      "google.container.${version}.ClusterManager.${method}"
    ]
  ])
  sink_filter = join("\n", [
    "logName=~\"/logs/cloudaudit\\.googleapis\\.com%2Factivity$\"",
    "protoPayload.serviceName=\"container.googleapis.com\"",
    "protoPayload.methodName=(${join(" OR ", [for m in local.cluster_methods : "\"${m}\""])})",
    "NOT protoPayload.authenticationInfo.principalEmail=\"${google_service_account.function["node-pool-replacer"].email}\"",
  ])

  # Ticket sink secrets: only the one of the chosen sink is created and mounted.
  ticket_secret_catalogue = {
    MG_JIRA_TOKEN     = { sink = "jira", secret_id = "metadata-guard-jira-token" }
    MG_GITHUB_TOKEN   = { sink = "github", secret_id = "metadata-guard-github-token" }
    MG_WEBHOOK_SECRET = { sink = "webhook", secret_id = "metadata-guard-webhook-secret" }
  }
  ticket_sinks   = coalesce(var.ticket_sinks, [var.ticket_sink])
  ticket_secrets = { for env, s in local.ticket_secret_catalogue : env => s if contains(local.ticket_sinks, s.sink) }
  scc            = contains(local.ticket_sinks, "scc")

  topic_ids = { for t in local.topics : t => google_pubsub_topic.guard[t].id }

  policy = var.policy_file != null ? file(var.policy_file) : templatefile("${path.module}/policy.yaml.tftpl", {
    mode                  = var.mode
    node_service_accounts = merge(var.node_service_accounts, { (var.project_id) = google_service_account.nodes.email })
    ticket_sinks          = local.ticket_sinks
    ticket_topic          = local.topic_ids["metadata-guard-tickets"]
    scc_source            = coalesce(local.scc_source, "")
    jira                  = var.jira
    github                = var.github
    webhook               = var.webhook
  })

  function_environment = {
    MG_POLICY             = local.policy
    MG_TICKET_TOPIC       = local.topic_ids["ticket-requests"]
    MG_REPLACEMENT_TOPIC  = local.topic_ids["replacement-requests"]
    MG_TICKET_SINK_TOPIC  = local.topic_ids["metadata-guard-tickets"]
    MG_SWEEP_REPORT_TOPIC = local.topic_ids["sweep-reports"]
    MG_SWEEP_SCOPE        = local.sweep_scope
  }
  # Inspection requests (a sweep's, or the ticket opener's before it closes a ticket) have a topic of their
  # own, which only the sweeper and the opener may publish to; the inspector knows them by that topic.
  inspection_environment = {
    for fn in ["audit-inspector", "estate-sweeper", "ticket-opener"] : fn => { MG_INSPECTION_TOPIC = local.topic_ids["inspection-requests"] }
  }
  # The functions that judge MG003 read roles with the IAM Policy Analyzer over the organisation, when asked to.
  analysis_environment = {
    for fn in local.analyzing : fn => { MG_IAM_ANALYSIS_SCOPE = "organizations/${var.organization_id}" } if var.iam_policy_analyzer
  }
  sweep_scope = {
    project      = "projects/${var.project_id}"
    folder       = "folders/${coalesce(var.folder_id, "0")}"
    organization = "organizations/${coalesce(var.organization_id, "0")}"
  }[var.scope]

}

data "google_project" "this" {
  project_id = var.project_id
}
