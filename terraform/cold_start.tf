# How the functions start: their JVM options and the audit-inspector's warm instances.
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

locals {
  function_memory_mib = 512

  # Setting JAVA_TOOL_OPTIONS turns off the heap sizing of the runtime's launcher (GoogleCloudPlatform/buildpacks,
  # cmd/java/functions_framework/launch.sh), so the same options go in front of the function's own.
  jvm_environment = {
    for fn, options in var.jvm_options :
    fn => { JAVA_TOOL_OPTIONS = trimspace("-XX:MaxRAM=${local.function_memory_mib}m -XX:MaxRAMPercentage=70 ${options}") }
  }
}
