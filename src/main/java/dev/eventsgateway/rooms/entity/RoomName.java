package dev.eventsgateway.rooms.entity;

import java.util.regex.Pattern;

/** Room names: 1 to 64 characters from {@code A-Z a-z 0-9 . _ : -}. */
public final class RoomName {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RoomName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
