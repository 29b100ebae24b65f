package dev.metadataguard.runtime;

import dev.metadataguard.config.PolicyException;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables the functions read. Secrets (tracker tokens, webhook keys) arrive here
 * from Secret Manager and are only ever passed on, never logged.
 */
public record Environment(Map<String, String> variables) {

    /** Full topic name of {@code ticket-requests} (the estate sweeper also sends it the clusters it found). */
    public static final String TICKET_TOPIC = "MG_TICKET_TOPIC";
    /** Full topic name of {@code replacement-requests}. */
    public static final String REPLACEMENT_TOPIC = "MG_REPLACEMENT_TOPIC";
    /** Full topic name where a function parks what no retry can fix: its trigger topic's dead-letter topic. */
    public static final String DEAD_LETTER_TOPIC = "MG_DEAD_LETTER_TOPIC";
    /**
     * Full topic name of {@code inspection-requests}: the estate sweeper fans out to it, the ticket opener sends it
     * the clusters a sweep no longer found, and the audit-inspector, which it triggers too, grants a request's
     * {@code mayReplace} only when the request was delivered from it (the CloudEvent's {@code source}).
     */
    public static final String INSPECTION_TOPIC = "MG_INSPECTION_TOPIC";
    /** Full topic name the estate sweeper publishes each sweep's JSON report to; unset for none. */
    public static final String SWEEP_REPORT_TOPIC = "MG_SWEEP_REPORT_TOPIC";
    /** What the estate sweeper searches: {@code organizations/N}, {@code folders/N} or {@code projects/P}. */
    public static final String SWEEP_SCOPE = "MG_SWEEP_SCOPE";
    /** {@code host:port} of a Container API without TLS (the embedded GKE in end-to-end tests); unset in the cloud. */
    public static final String GKE_ENDPOINT = "MG_GKE_ENDPOINT";
    /** {@code host:port} of a Cloud Asset API without TLS (the embedded one in end-to-end tests); unset in the cloud. */
    public static final String ASSET_ENDPOINT = "MG_ASSET_ENDPOINT";
    /** {@code http://127.0.0.1:PORT} of a Compute Engine API in plain HTTP (the embedded GKE's); unset in the cloud. */
    public static final String COMPUTE_ENDPOINT = "MG_COMPUTE_ENDPOINT";
    /** A {@code gcloud projects get-iam-policy} export to read roles from instead of the Resource Manager API. */
    public static final String IAM_POLICY_FILE = "MG_IAM_POLICY_FILE";

    /**
     * {@code organizations/N}: the organisation whose IAM Policy Analyzer reads the node service accounts' roles
     * (MG003), groups expanded; unset to read them with Resource Manager alone.
     */
    public static final String IAM_ANALYSIS_SCOPE = "MG_IAM_ANALYSIS_SCOPE";

    /**
     * The function's own {@code timeout_seconds} (default 540), which Terraform sets from the same value: the
     * node-pool-replacer ends each delivery inside it.
     */
    public static final String FUNCTION_TIMEOUT_SECONDS = "MG_FUNCTION_TIMEOUT_SECONDS";

    /** Seconds an IAM policy, a project's ancestry or an analysis is kept (default 300). */
    public static final String IAM_CACHE_SECONDS = "MG_IAM_CACHE_SECONDS";

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    /** A setting without which the function cannot work: refuse to start, saying which and how to fix it. */
    public String require(String name, String what) {
        return get(name).orElseThrow(() -> new PolicyException("$" + name, 0, "not set: " + what,
                "set " + name + " (terraform/ sets it on deployment)"));
    }
}
