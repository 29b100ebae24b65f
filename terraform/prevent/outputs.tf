output "constraints" {
  description = "Constraint name => the check it comes from and the resource type it judges."
  value       = { for name, c in local.constraints : name => "${c.check} on ${c.resource_types[0]}" }
}

output "dry_run_violations" {
  description = "The Cloud Logging query that finds what the constraints would have refused (run it in each project that creates clusters)."
  value       = "protoPayload.metadata.\"@type\"=\"type.googleapis.com/google.cloud.audit.OrgPolicyDryRunAuditMetadata\" AND protoPayload.metadata.constraint:\"customConstraints/custom.metadataGuard\""
}
