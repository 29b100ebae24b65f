package dev.metadataguard.policy;

/** The result of one check on one subject. */
public sealed interface Verdict {

    String checkId();

    record Pass(String checkId) implements Verdict {
    }

    record Fail(Finding finding) implements Verdict {
        @Override
        public String checkId() {
            return finding.checkId();
        }
    }

    /** The check cannot be settled with what is known (no IAM export, a field its source cannot show). */
    record Unknown(String checkId, String reason) implements Verdict {
    }
}
