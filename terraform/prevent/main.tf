# Organization Policy custom constraints written from the guard's checks (constraints.tf, generated), each
# bound at var.parent: in dry run always, enforced when var.enforce is true. terraform/README.md
# ("Prevention") says what they refuse, how to move from dry run to enforcement, and where it is documented.

locals {
  managed = var.managed_constraints ? toset([
    "container.managed.disallowDefaultComputeServiceAccount",
    "container.managed.enableWorkloadIdentityFederation",
  ]) : toset([])

  # A tag condition exempts; Organization Policy needs an unconditional rule beside conditional ones.
  rules = concat([for tag in var.exempt_tags : {
    enforce    = "FALSE"
    expression = tag.value == null ? "resource.hasTagKey('${tag.key}')" : "resource.matchTag('${tag.key}', '${tag.value}')"
    }], [{
    enforce    = "TRUE"
    expression = null
  }])
}

resource "google_org_policy_custom_constraint" "check" {
  for_each = local.constraints

  parent         = "organizations/${var.organization_id}"
  name           = each.key
  display_name   = each.value.display_name
  description    = each.value.description
  condition      = each.value.condition
  action_type    = "DENY"
  method_types   = each.value.method_types
  resource_types = each.value.resource_types
}

resource "google_org_policy_policy" "check" {
  for_each = local.constraints

  name   = "${var.parent}/policies/${google_org_policy_custom_constraint.check[each.key].name}"
  parent = var.parent

  # The dry-run spec stays when the policy is enforced, so what it would refuse is logged either way. HCL
  # cannot choose a block's type, so the two specs repeat their rules.
  dry_run_spec {
    dynamic "rules" {
      for_each = local.rules
      content {
        enforce = rules.value.enforce
        dynamic "condition" {
          for_each = rules.value.expression == null ? [] : [rules.value.expression]
          content {
            expression = condition.value
          }
        }
      }
    }
  }

  dynamic "spec" {
    for_each = var.enforce ? [1] : []
    content {
      dynamic "rules" {
        for_each = local.rules
        content {
          enforce = rules.value.enforce
          dynamic "condition" {
            for_each = rules.value.expression == null ? [] : [rules.value.expression]
            content {
              expression = condition.value
            }
          }
        }
      }
    }
  }
}

resource "google_org_policy_policy" "managed" {
  for_each = local.managed

  name   = "${var.parent}/policies/${each.key}"
  parent = var.parent

  dry_run_spec {
    rules {
      enforce = "TRUE"
    }
  }

  dynamic "spec" {
    for_each = var.enforce ? [1] : []
    content {
      rules {
        enforce = "TRUE"
      }
    }
  }
}
