package dev.metadataguard.policy;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.Gcloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a check's fix steps need: the resource, and the node service account the policy sets for its
 * project, if it sets one.
 */
public record FixContext(ResourceRef resource, Optional<String> configuredAccount) {

    /** The account to create when the policy names none for the project. */
    public static final String DEFAULT_ACCOUNT_NAME = "metadata-guard-nodes";

    /** The least-privilege node service account the fix uses. */
    public String account() {
        return configuredAccount.orElse(DEFAULT_ACCOUNT_NAME + "@" + resource.project() + ".iam.gserviceaccount.com");
    }

    /** The step that creates {@link #account()}, unless the policy names an account that exists already. */
    public List<FixStep> accountToCreate() {
        if (configuredAccount.isPresent()) {
            return List.of();
        }
        List<String> commands = new ArrayList<>();
        commands.add(Gcloud.createServiceAccount(resource.project(), DEFAULT_ACCOUNT_NAME,
                "GKE nodes (least privilege)"));
        commands.addAll(Gcloud.grant(resource.project(), account(), NodeRoles.MINIMAL));
        return List.of(new FixStep("Create a least-privilege service account for the nodes with only the roles"
                + " they need. Add " + NodeRoles.IMAGE_READER + " only if the nodes pull private images from"
                + " Artifact Registry.", commands));
    }
}
