package dev.metadataguard.policy;

/**
 * One rule of DESIGN.md section 3. A new check is one class implementing this, one line in
 * {@link Checks#ALL}, one test and one test event.
 */
public interface Check {

    /** Stable id such as {@code MG001}; part of ticket fingerprints, so never reused. */
    String id();

    Severity severity();

    /** One line a person understands without the docs. */
    String title();

    /**
     * The finding category in Security Command Center, {@code GKE_NODE_...}: upper case, like the categories
     * Security Health Analytics writes, and never changed once published (views and mute rules select on it).
     */
    String category();

    Verdict evaluate(Subject subject);

    default Verdict fail(String field, String expected, String actual, String note) {
        return new Verdict.Fail(new Finding(id(), title(), severity(), new Evidence(field, expected, actual), note));
    }

    default Verdict pass() {
        return new Verdict.Pass(id());
    }

    default Verdict unknown(String reason) {
        return new Verdict.Unknown(id(), reason);
    }
}
