package dev.eventsgateway.system;

import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration every target runs the gateway with: short timings so that heartbeats and expiry are quick to see. */
public final class ServerSettings {

    public static final String SECRET = "system-test-secret-0123456789-abcdefghij";
    public static final String ALLOWED_ORIGIN = "http://allowed.example";
    public static final int HEARTBEAT_MS = 2000;
    public static final int EXPIRY_NOTICE_MS = 10_000;
    public static final int MAX_ROOMS = 5;
    public static final int RATE_PER_SECOND = 20;
    public static final int RATE_BURST = 40;
    public static final int MAX_FRAME_BYTES = 65536;
    public static final int MAX_MESSAGE_LENGTH = 1000;
    public static final int MAX_CONNECTIONS_PER_USER = 10;
    public static final String BLOCKED_WORD = "frobnicate";
    public static final String API_KEY = "system-test-api-key-0123456789-abcdefghij";
    public static final String API_ORIGIN = "https://admin.allowed.example";

    private ServerSettings() {
    }

    public static Map<String, String> values() {
        var values = new LinkedHashMap<String, String>();
        values.put("EVENTS_JWT_SECRET", SECRET);
        values.put("CORS_ORIGIN", ALLOWED_ORIGIN);
        values.put("EVENTS_JWT_CLOCK_SKEW_SECONDS", "1");
        values.put("EVENTS_HEARTBEAT_MS", String.valueOf(HEARTBEAT_MS));
        values.put("EVENTS_STATS_INTERVAL_SECONDS", "1");
        values.put("EVENTS_MAX_ROOMS_PER_CONNECTION", String.valueOf(MAX_ROOMS));
        values.put("EVENTS_RATE_LIMIT_PER_SECOND", String.valueOf(RATE_PER_SECOND));
        values.put("EVENTS_RATE_LIMIT_BURST", String.valueOf(RATE_BURST));
        values.put("EVENTS_MAX_FRAME_BYTES", String.valueOf(MAX_FRAME_BYTES));
        values.put("EVENTS_MAX_MESSAGE_LENGTH", String.valueOf(MAX_MESSAGE_LENGTH));
        values.put("EVENTS_MAX_CONNECTIONS_PER_USER", String.valueOf(MAX_CONNECTIONS_PER_USER));
        values.put("EVENTS_BLOCKED_WORDS", BLOCKED_WORD);
        values.put("EVENTS_SEND_QUEUE_LIMIT", "512");
        values.put("EVENTS_TOKEN_EXPIRY_NOTICE_MS", String.valueOf(EXPIRY_NOTICE_MS));
        values.put("EVENTS_API_KEY", API_KEY);
        values.put("EVENTS_API_CORS_ORIGINS", API_ORIGIN);
        return values;
    }
}
