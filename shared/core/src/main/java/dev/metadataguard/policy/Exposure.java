package dev.metadataguard.policy;

/**
 * What a failing check lets happen. A ticket's title names the gravest (lowest rank) among its findings, as
 * "node pool batch in cluster payments exposes node metadata"; a new check may declare its own.
 *
 * @param rank   1 is the gravest
 * @param phrase as it reads after the resource
 */
public record Exposure(int rank, String phrase) implements Comparable<Exposure> {

    public static final Exposure NODE_METADATA = new Exposure(1, "exposes node metadata");
    public static final Exposure NODE_ACCOUNT = new Exposure(2, "runs nodes with an unsafe service account");

    @Override
    public int compareTo(Exposure other) {
        return Integer.compare(rank, other.rank);
    }
}
