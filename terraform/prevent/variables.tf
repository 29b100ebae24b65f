variable "organization_id" {
  description = "Numeric id of the organisation the custom constraints are defined in."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+$", var.organization_id))
    error_message = "organization_id is the organisation's number, e.g. 123456789012."
  }
}

variable "parent" {
  description = "Where the policies bind the constraints: organizations/ID, folders/ID or projects/PROJECT_ID."
  type        = string

  validation {
    condition     = can(regex("^(organizations/[0-9]+|folders/[0-9]+|projects/[a-z][-a-z0-9]{4,28}[a-z0-9])$", var.parent))
    error_message = "parent is organizations/ID, folders/ID or projects/PROJECT_ID."
  }
}

variable "enforce" {
  description = "Refuse what the constraints deny. False (the default) deploys them in dry run only: violations are audit-logged and nothing is refused."
  type        = bool
  default     = false
}

variable "managed_constraints" {
  description = "Also bind Google's managed constraints container.managed.disallowDefaultComputeServiceAccount and container.managed.enableWorkloadIdentityFederation, in dry run or enforced with the rest."
  type        = bool
  default     = false
}

variable "exempt_tags" {
  description = "Tags that exempt a resource from every constraint, as `test-events/replay --prevent` lists them from the policy's exemptions: key is the namespaced tag key (ORGANIZATION_ID/KEY), value null for any value."
  type = list(object({
    key   = string
    value = optional(string)
  }))
  default = []
}
