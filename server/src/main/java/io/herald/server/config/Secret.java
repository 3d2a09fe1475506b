package io.herald.server.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a picocli option whose value is a secret (a password, a token): {@code --print-config} shows it
 * masked and docs/configuration.md says so. Options named {@code --…-password}, {@code --…-token} or
 * {@code --…-secret} are secret without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Secret {}
