package dev.metadataguard.replay;

/** One unit of input: a file's bytes (or stdin's) with the label the summary shows for it. */
record Input(String label, byte[] bytes) {
}
