package io.herald.testkit.leak;

/**
 * One leak Netty reported: a reference-counted object of {@code resourceType} was garbage collected
 * without its last {@code release()}. {@code records} are Netty's access records (where it was created
 * and last touched), empty when the detector kept none.
 */
record LeakReport(String resourceType, String records) {

    @Override
    public String toString() {
        return records.isEmpty()
                ? "LEAK: " + resourceType + " (no access records)"
                : "LEAK: " + resourceType + records;
    }
}
