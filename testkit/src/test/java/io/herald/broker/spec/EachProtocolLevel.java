package io.herald.broker.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs a test once for MQTT 3.1 (protocol level 3) and once for MQTT 3.1.1 (level 4); takes {@code int level}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "protocol level {0}")
@ValueSource(ints = {3, 4})
public @interface EachProtocolLevel {}
