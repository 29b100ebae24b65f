package dev.metadataguard.remedy;

/** A precondition that does not hold: why the guard does not act, and what a person does about it. */
record Refusal(String reason, String fix) {
}
