package io.herald.platform.device;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The device side's meters ({@code herald.device.*}). Thread-safe. */
final class DeviceMetrics {

    /** Why an inspected device message was refused or dropped. */
    enum Refusal { INVALID, NOT_AUTHORIZED, BACKLOG }

    private final MeterRegistry registry;
    private final Counter reportsAccepted;
    private final Counter valuesWritten;
    private final Counter valuesFailed;
    private final Counter messagesUp;
    private final Counter answersUnknown;
    private final Timer commandRoundTrip;

    DeviceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reportsAccepted = Counter.builder("herald.device.reports").tag("result", "accepted")
                .description("property reports accepted").register(registry);
        this.valuesWritten = Counter.builder("herald.device.property.values.written")
                .description("property values written to the catalog").register(registry);
        this.valuesFailed = Counter.builder("herald.device.property.values.failed")
                .description("property values in a write the catalog refused (tried again every second)").register(registry);
        this.messagesUp = Counter.builder("herald.device.messages.up").description("device messages up").register(registry);
        this.answersUnknown = Counter.builder("herald.device.command.answers.unknown")
                .description("command answers for no waiting or open command").register(registry);
        this.commandRoundTrip = Timer.builder("herald.device.command.roundtrip")
                .description("synchronous command: publish to answer").publishPercentiles(0.5, 0.99).register(registry);
    }

    void refused(String kind, Refusal why) {
        Counter.builder("herald.device.refused").tag("kind", kind).tag("reason", why.name().toLowerCase())
                .description("device messages refused").register(registry).increment();
    }

    void reportAccepted() {
        reportsAccepted.increment();
    }

    void written(int values) {
        valuesWritten.increment(values);
    }

    void failed(int values) {
        valuesFailed.increment(values);
    }

    void messageUp() {
        messagesUp.increment();
    }

    void unknownAnswer() {
        answersUnknown.increment();
    }

    void commandAnswered(Duration roundTrip) {
        commandRoundTrip.record(roundTrip);
    }

    void command(String mode, String outcome) {
        Counter.builder("herald.device.commands").tag("mode", mode).tag("outcome", outcome)
                .description("commands by mode and outcome").register(registry).increment();
    }

    void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }
}
