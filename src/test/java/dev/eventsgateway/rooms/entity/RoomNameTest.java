package dev.eventsgateway.rooms.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoomNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "chat", "ops:stats", "team-blue", "v1.2_beta", "AZaz09._:-", "-", "..", ":"})
    void acceptsNamesFromTheAllowedCharacters(String name) {
        assertTrue(RoomName.isValid(name));
    }

    @Test
    void acceptsSixtyFourCharactersButNotSixtyFive() {
        assertEquals(64, RoomName.MAX_LENGTH);
        assertTrue(RoomName.isValid("r".repeat(64)));
        assertFalse(RoomName.isValid("r".repeat(65)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"with space", "slash/room", "back\\slash", "star*", "quote\"", "tab\t", "room\n", "\nroom",
            "café", "ＡＢＣ", "room😀", "ünicode", "dollar$", "at@", "plus+"})
    void refusesOtherCharacters(String name) {
        assertFalse(RoomName.isValid(name));
    }
}
