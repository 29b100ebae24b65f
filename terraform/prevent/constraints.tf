# Written by the guard from each check's prevention() (shared/core .../policy/checks/): do not edit.
# Regenerate: mvn -B -pl shared/tests -am test -Dtest=ConstraintsFileTest -Dsurefire.failIfNoSpecifiedTests=false -Dmg.regenerate=true
locals {
  constraints = {
    "custom.metadataGuardMg001NodePool" = {
      check          = "MG001"
      resource_types = ["container.googleapis.com/NodePool"]
      method_types   = ["CREATE", "UPDATE"]
      condition      = "!(has(resource.config) && has(resource.config.workloadMetadataConfig) && has(resource.config.workloadMetadataConfig.mode) && resource.config.workloadMetadataConfig.mode == 'GKE_METADATA')"
      display_name   = "Metadata Guard MG001: Node metadata is exposed to Pods"
      description    = "Refused by Metadata Guard (MG001): Node metadata is exposed to Pods. A compliant pool sets config.workload_metadata_config.mode = GKE_METADATA."
    }

    "custom.metadataGuardMg001ClusterNodeConfig" = {
      check          = "MG001"
      resource_types = ["container.googleapis.com/Cluster"]
      method_types   = ["CREATE"]
      condition      = "(has(resource.nodeConfig) || has(resource.initialNodeCount)) && !(has(resource.autopilot) && has(resource.autopilot.enabled) && resource.autopilot.enabled) && (!(has(resource.nodeConfig) && has(resource.nodeConfig.workloadMetadataConfig) && has(resource.nodeConfig.workloadMetadataConfig.mode) && resource.nodeConfig.workloadMetadataConfig.mode == 'GKE_METADATA'))"
      display_name   = "Metadata Guard MG001: Node metadata is exposed to Pods"
      description    = "Refused by Metadata Guard (MG001): Node metadata is exposed to Pods. A compliant pool sets config.workload_metadata_config.mode = GKE_METADATA."
    }

    "custom.metadataGuardMg002NodePool" = {
      check          = "MG002"
      resource_types = ["container.googleapis.com/NodePool"]
      method_types   = ["CREATE", "UPDATE"]
      condition      = "!(has(resource.config) && has(resource.config.serviceAccount)) || resource.config.serviceAccount in ['', 'default'] || resource.config.serviceAccount.endsWith('-compute@developer.gserviceaccount.com')"
      display_name   = "Metadata Guard MG002: Nodes use the Compute Engine default service account"
      description    = "Refused by Metadata Guard (MG002): Nodes use the Compute Engine default service account. A compliant pool sets config.service_account = the policy's least-privilege node service account for the project."
    }

    "custom.metadataGuardMg002ClusterNodeConfig" = {
      check          = "MG002"
      resource_types = ["container.googleapis.com/Cluster"]
      method_types   = ["CREATE"]
      condition      = "(has(resource.nodeConfig) || has(resource.initialNodeCount)) && !(has(resource.autopilot) && has(resource.autopilot.enabled) && resource.autopilot.enabled) && (!(has(resource.nodeConfig) && has(resource.nodeConfig.serviceAccount)) || resource.nodeConfig.serviceAccount in ['', 'default'] || resource.nodeConfig.serviceAccount.endsWith('-compute@developer.gserviceaccount.com'))"
      display_name   = "Metadata Guard MG002: Nodes use the Compute Engine default service account"
      description    = "Refused by Metadata Guard (MG002): Nodes use the Compute Engine default service account. A compliant pool sets config.service_account = the policy's least-privilege node service account for the project."
    }

    "custom.metadataGuardMg002Autoprovisioning" = {
      check          = "MG002"
      resource_types = ["container.googleapis.com/Cluster"]
      method_types   = ["CREATE", "UPDATE"]
      condition      = "has(resource.autoscaling) && has(resource.autoscaling.enableNodeAutoprovisioning) && resource.autoscaling.enableNodeAutoprovisioning && (!(has(resource.autoscaling) && has(resource.autoscaling.autoprovisioningNodePoolDefaults) && has(resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount)) || resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount in ['', 'default'] || resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount.endsWith('-compute@developer.gserviceaccount.com'))"
      display_name   = "Metadata Guard MG002: Nodes use the Compute Engine default service account"
      description    = "Refused by Metadata Guard (MG002): Nodes use the Compute Engine default service account. A compliant pool sets config.service_account = the policy's least-privilege node service account for the project."
    }

    "custom.metadataGuardMg005NodePool" = {
      check          = "MG005"
      resource_types = ["container.googleapis.com/NodePool"]
      method_types   = ["CREATE", "UPDATE"]
      condition      = "(!(has(resource.config) && has(resource.config.serviceAccount)) || resource.config.serviceAccount in ['', 'default'] || resource.config.serviceAccount.endsWith('-compute@developer.gserviceaccount.com')) && has(resource.config) && has(resource.config.oauthScopes) && resource.config.oauthScopes.exists(s, s in ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/compute', 'https://www.googleapis.com/auth/devstorage.full_control', 'https://www.googleapis.com/auth/iam'])"
      display_name   = "Metadata Guard MG005: The default service account has broad OAuth scopes"
      description    = "Refused by Metadata Guard (MG005): The default service account has broad OAuth scopes. A compliant pool sets config.oauth_scopes = [\"https://www.googleapis.com/auth/cloud-platform\"]."
    }

    "custom.metadataGuardMg005ClusterNodeConfig" = {
      check          = "MG005"
      resource_types = ["container.googleapis.com/Cluster"]
      method_types   = ["CREATE"]
      condition      = "(has(resource.nodeConfig) || has(resource.initialNodeCount)) && !(has(resource.autopilot) && has(resource.autopilot.enabled) && resource.autopilot.enabled) && ((!(has(resource.nodeConfig) && has(resource.nodeConfig.serviceAccount)) || resource.nodeConfig.serviceAccount in ['', 'default'] || resource.nodeConfig.serviceAccount.endsWith('-compute@developer.gserviceaccount.com')) && has(resource.nodeConfig) && has(resource.nodeConfig.oauthScopes) && resource.nodeConfig.oauthScopes.exists(s, s in ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/compute', 'https://www.googleapis.com/auth/devstorage.full_control', 'https://www.googleapis.com/auth/iam']))"
      display_name   = "Metadata Guard MG005: The default service account has broad OAuth scopes"
      description    = "Refused by Metadata Guard (MG005): The default service account has broad OAuth scopes. A compliant pool sets config.oauth_scopes = [\"https://www.googleapis.com/auth/cloud-platform\"]."
    }

    "custom.metadataGuardMg005Autoprovisioning" = {
      check          = "MG005"
      resource_types = ["container.googleapis.com/Cluster"]
      method_types   = ["CREATE", "UPDATE"]
      condition      = "has(resource.autoscaling) && has(resource.autoscaling.enableNodeAutoprovisioning) && resource.autoscaling.enableNodeAutoprovisioning && ((!(has(resource.autoscaling) && has(resource.autoscaling.autoprovisioningNodePoolDefaults) && has(resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount)) || resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount in ['', 'default'] || resource.autoscaling.autoprovisioningNodePoolDefaults.serviceAccount.endsWith('-compute@developer.gserviceaccount.com')) && has(resource.autoscaling) && has(resource.autoscaling.autoprovisioningNodePoolDefaults) && has(resource.autoscaling.autoprovisioningNodePoolDefaults.oauthScopes) && resource.autoscaling.autoprovisioningNodePoolDefaults.oauthScopes.exists(s, s in ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/compute', 'https://www.googleapis.com/auth/devstorage.full_control', 'https://www.googleapis.com/auth/iam']))"
      display_name   = "Metadata Guard MG005: The default service account has broad OAuth scopes"
      description    = "Refused by Metadata Guard (MG005): The default service account has broad OAuth scopes. A compliant pool sets config.oauth_scopes = [\"https://www.googleapis.com/auth/cloud-platform\"]."
    }
  }
}
