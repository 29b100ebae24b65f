package dev.metadataguard.policy;

/** What a failing check lets happen, gravest first: a ticket's title names the gravest of its findings. */
public enum Exposure {
    NODE_METADATA("exposes node metadata"),
    NODE_ACCOUNT("runs nodes with an unsafe service account");

    private final String phrase;

    Exposure(String phrase) {
        this.phrase = phrase;
    }

    /** As it reads after the resource, e.g. "node pool batch in cluster payments exposes node metadata". */
    public String phrase() {
        return phrase;
    }
}
