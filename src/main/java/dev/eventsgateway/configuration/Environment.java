package dev.eventsgateway.configuration;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Typed access to named settings: a system property wins over the environment variable of the same name. */
public final class Environment {

    private final Function<String, String> lookup;

    private Environment(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** The process environment, overridden by JVM system properties. */
    public static Environment system() {
        return new Environment(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    /** A fixed set of values, for tests and tools. */
    public static Environment of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Environment(copy::get);
    }

    /** The trimmed value, or empty when unset or blank. */
    public Optional<String> text(String name) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a whole number, but is '" + raw.get() + "'", e);
        }
        if (value < min || value > max) {
            throw new ConfigurationException(name, "must be between " + min + " and " + max + ", but is " + value);
        }
        return value;
    }

    public Duration millis(String name, int fallback, int min, int max) {
        return Duration.ofMillis(integer(name, fallback, min, max));
    }

    public Duration seconds(String name, int fallback, int min, int max) {
        return Duration.ofSeconds(integer(name, fallback, min, max));
    }

    public boolean flag(String name, boolean fallback) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name, "must be true or false, but is '" + raw.get() + "'");
        };
    }

    /** Comma-separated values, trimmed, empty entries dropped. */
    public List<String> list(String name, String fallback) {
        return Arrays.stream(text(name, fallback).split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    public Optional<URI> uri(String name) {
        return text(name).map(raw -> {
            try {
                URI uri = URI.create(raw);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new ConfigurationException(name, "must be an absolute URL, but is '" + raw + "'");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(name, "must be an absolute URL, but is '" + raw + "'", e);
            }
        });
    }
}
