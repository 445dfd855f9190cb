package dev.eventsgateway.configuration;

/** A setting is missing or malformed; the message names the variable so that deployment fails with a clear cause. */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
    }

    public ConfigurationException(String variable, String problem, Throwable cause) {
        super(variable + ": " + problem, cause);
    }
}
