package dev.eventsgateway.ops.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void anObjectIsRead() {
        assertEquals("x", JsonBody.string(JsonBody.parse("{\"event\":\"x\"}"), "event"));
    }

    @Test
    void anythingButOneJsonObjectIsRefusedNamingTheBody() {
        for (String body : new String[] {"", "{", "[1]", "\"text\"", "{} {}"}) {
            ApiException refused = assertThrows(ApiException.class, () -> JsonBody.parse(body), body);
            assertEquals(400, refused.status());
            assertEquals("body", refused.field());
        }
    }

    @Test
    void aFieldThatIsNoStringIsRefusedNamingIt() {
        ApiException refused = assertThrows(ApiException.class,
                () -> JsonBody.string(JsonBody.parse("{\"event\":1}"), "event"));
        assertEquals("event", refused.field());
    }

    @Test
    void anAbsentOrNullFieldIsNull() {
        assertNull(JsonBody.string(JsonBody.parse("{\"event\":null}"), "event"));
        assertNull(JsonBody.string(JsonBody.parse("{}"), "event"));
    }

    @Test
    void pathsSplitIntoTheirSegments() {
        assertEquals(List.of("rooms", "chat", "members"), Paths.segments("/rooms/chat/members/"));
        assertEquals(List.of(), Paths.segments(null));
    }
}
