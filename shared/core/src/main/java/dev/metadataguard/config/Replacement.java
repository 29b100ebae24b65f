package dev.metadataguard.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the replacer behaves.
 *
 * @param retireOriginal        what happens to the original pool once its replacement is RUNNING
 * @param enableWorkloadIdentity turn Workload Identity on (UpdateCluster) when a cluster lacks it,
 *                               instead of falling back to a ticket
 * @param updateInPlace         fix a pool with UpdateNodePool when each of its findings' checks declares an in-place
 *                              fix ({@code Fix.inPlace()}: MG001 only, as the README's "What it checks" says)
 * @param updateAutoprovisioningDefaults fix node auto-provisioning's defaults (the pools it creates from now
 *                              on) with UpdateCluster, instead of a ticket; they are cluster-wide, so off by default
 */
public record Replacement(Retire retireOriginal, boolean enableWorkloadIdentity, boolean updateInPlace,
                          boolean updateAutoprovisioningDefaults) {

    public static final Replacement DEFAULT = new Replacement(Retire.KEEP, false, false, false);

    public Replacement {
        retireOriginal = retireOriginal == null ? Retire.KEEP : retireOriginal;
    }

    public enum Retire {
        KEEP("keep"), SCALE_TO_ZERO("scale-to-zero"), DELETE("delete");

        private final String text;

        Retire(String text) {
            this.text = text;
        }

        @JsonValue
        public String text() {
            return text;
        }

        @JsonCreator
        public static Retire of(String text) {
            for (Retire r : values()) {
                if (r.text.equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("retireOriginal '" + text + "' is not one of keep, scale-to-zero, delete");
        }
    }
}
