package dev.eventsgateway.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8BytesTest {

    @Test
    void countsAsManyBytesAsUtf8EncodingGives() {
        for (String text : new String[] {"", "plain", "café", "€ 5", "emoji 😀 here"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8Bytes.of(text), text);
        }
    }
}
