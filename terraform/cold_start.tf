# How the functions start: their JVM options, their CPU and the audit-inspector's warm instances.
# docs/performance.md ("Cold start as deployed") has the measurements behind each default.

variable "jvm_options" {
  description = "Extra JVM options per function, set as its JAVA_TOOL_OPTIONS. The default starts the audit-inspector with C1 only (-XX:TieredStopAtLevel=1): its first event is answered 10-20% sooner, for less peak throughput on a busy instance. A function listed here also gets the heap options the runtime's launcher sets only while JAVA_TOOL_OPTIONS is unset (-XX:MaxRAM=<memory> -XX:MaxRAMPercentage=70); a function left out keeps the launcher's."
  type        = map(string)
  default     = { "audit-inspector" = "-XX:TieredStopAtLevel=1" }

  validation {
    condition     = alltrue([for fn in keys(var.jvm_options) : contains(["audit-inspector", "node-pool-replacer", "estate-sweeper", "ticket-opener"], fn)])
    error_message = "jvm_options keys must be function names: audit-inspector, node-pool-replacer, estate-sweeper, ticket-opener."
  }
}

variable "inspector_min_instances" {
  description = "Instances of the audit-inspector kept running, so that no event waits for a cold start (0 lets it scale to zero). Each one idles at 512 MiB and 0.333 vCPU: about USD 5.50 a month in a Tier 1 region at Cloud Run's idle minimum-instance rates (USD 0.0000025 per vCPU-second and per GiB-second), before the free tier."
  type        = number
  default     = 0

  validation {
    condition     = var.inspector_min_instances >= 0 && var.inspector_min_instances <= 10
    error_message = "inspector_min_instances must be between 0 and 10 (the functions' max_instance_count)."
  }
}

variable "function_cpu" {
  description = "vCPUs per instance, by function (the function's available_cpu). A function left out gets what its 512 MiB comes with, .333 vCPU (cloud.google.com/functions/docs/configuring/memory). More CPU shortens the cold start and every delivery (docs/performance.md, \"Cold start under the deployed CPU\", has the measured trade-off) and costs proportionally more per busy second: CPU is billed per vCPU-second, USD 0.000024 in a Tier 1 region with request-based billing (cloud.google.com/run/pricing), so 1 vCPU costs three times .333 for the same second, and the memory (USD 0.0000025 per GiB-second) is the same either way. Below 1 vCPU Cloud Run requires concurrency 1, the functions' setting. Startup CPU boost cannot be set here: the function resource has no such field, it is a setting of the Cloud Run service the function is deployed as."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for fn in keys(var.function_cpu) : contains(["audit-inspector", "node-pool-replacer", "estate-sweeper", "ticket-opener"], fn)])
    error_message = "function_cpu keys must be function names: audit-inspector, node-pool-replacer, estate-sweeper, ticket-opener."
  }

  # Cloud Run takes 0.08 to 1 vCPU in steps of 0.001, or a whole number up to 8 (cloud.google.com/run/docs/configuring/services/cpu).
  validation {
    condition = alltrue([for cpu in values(var.function_cpu) :
      can(regex("^(0\\.[0-9]{1,3}|[1-8])$", cpu)) && try(tonumber(cpu) >= 0.08, false)
    ])
    error_message = "function_cpu values are vCPUs as Cloud Run takes them: from \"0.08\" to \"1\" in steps of 0.001, or a whole number up to \"8\"."
  }
}

locals {
  function_memory_mib = 512

  # Setting JAVA_TOOL_OPTIONS turns off the heap sizing of the runtime's launcher (GoogleCloudPlatform/buildpacks,
  # cmd/java/functions_framework/launch.sh), so the same options go in front of the function's own.
  jvm_environment = {
    for fn, options in var.jvm_options :
    fn => { JAVA_TOOL_OPTIONS = trimspace("-XX:MaxRAM=${local.function_memory_mib}m -XX:MaxRAMPercentage=70 ${options}") }
  }
}
