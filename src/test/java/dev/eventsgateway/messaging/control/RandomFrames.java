package dev.eventsgateway.messaging.control;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Generates client frames for fuzzing from a seed: well-formed envelopes with hostile values, the same mutated by a
 * few random edits, and arbitrary or deeply nested text.
 */
final class RandomFrames {

    private static final String JSON_NOISE = "{}[]\":,\\ 0123456789tfn";

    private final SplittableRandom random;

    RandomFrames(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Any text at all: random characters, JSON-ish noise, frames, deep nesting. */
    String anyText() {
        return pick(
                () -> randomString(300, null),
                this::frame,
                () -> randomString(200, "{}[]\":,\\ 0123456789.-eEtrunlfasx"),
                () -> {
                    int depth = between(1, 3000);
                    return "[".repeat(depth) + "]".repeat(depth);
                },
                () -> {
                    int depth = between(1, 3000);
                    return "{\"event\":\"ping\",\"data\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
                });
    }

    /** An envelope built from hostile parts, mutated in half of the cases. */
    String frame() {
        String envelope = object(event(), id(), data(), extra());
        return random.nextBoolean() ? envelope : mutated(envelope);
    }

    private String event() {
        return pick(
                () -> oneOf("\"message\"", "\"join\"", "\"leave\"", "\"ping\""),
                () -> oneOf("\"MESSAGE\"", "\"\"", "\"connected\"", "\"ack\"", "5", "null", "true", "{}", "[]",
                        "\"join \"", "\"\\u0000\"", "\"" + "e".repeat(200) + "\""),
                () -> jsonString(30),
                () -> null);
    }

    private String id() {
        return pick(
                () -> null,
                () -> String.valueOf(random.nextLong() >> 11),
                () -> jsonString(128),
                () -> oneOf("null", "1.5", "1e3", "1.0", "-0", "true", "{}", "[1]", "\"" + "i".repeat(129) + "\"",
                        "123456789012345678901234567890"));
    }

    private String data() {
        return pick(
                () -> {
                    String content = content();
                    String room = room();
                    List<String> members = new ArrayList<>();
                    if (content != null) {
                        members.add("\"content\":" + content);
                    }
                    if (room != null) {
                        members.add("\"room\":" + room);
                    }
                    return "{" + String.join(",", members) + "}";
                },
                () -> oneOf("null", "5", "\"text\"", "[]", "[{\"room\":\"chat\"}]"),
                () -> null);
    }

    private String content() {
        return pick(
                () -> jsonString(40),
                () -> oneOf("\"\"", "\"   \"", "\"\\t\\n\"", "\"frobnicate darn\"", "\"darn\"",
                        "\"" + "x".repeat(1001) + "\"", "\"" + "\u00e9".repeat(1000) + "\"",
                        "\"\\ud800\"", "\"\\udc00 lone\"", "\"\\ud83d\\ude00\"", "5", "null", "true", "[]", "{}"),
                () -> null);
    }

    private String room() {
        return pick(
                () -> oneOf("\"chat\"", "\"team-1\"", "\"other\"", "\"ops:stats\"", "\"\"", "\"bad room\"",
                        "\"" + "r".repeat(65) + "\"", "\"caf\u00e9\"", "5", "null", "[]", "{}"),
                () -> "\"" + randomString(between(1, 70), "abc-_.:") + "\"",
                () -> null);
    }

    private String extra() {
        return oneOf("", ",\"extra\":1", ",\"event\":\"ping\"", ",\"id\":7", ",\"data\":null",
                ",\"nested\":{\"a\":[1,2,{\"b\":null}]}", ",\"\\u0000\":\"x\"");
    }

    private String object(String event, String id, String data, String extra) {
        List<String> members = new ArrayList<>();
        if (event != null) {
            members.add("\"event\":" + event);
        }
        if (id != null) {
            members.add("\"id\":" + id);
        }
        if (data != null) {
            members.add("\"data\":" + data);
        }
        Collections.rotate(members, between(0, 2));
        String extraMembers = extra.isEmpty() || members.isEmpty() ? "" : extra;
        return "{" + String.join(",", members) + extraMembers + "}";
    }

    /** One to four random edits: a character dropped, inserted, replaced or repeated, or the tail cut off. */
    private String mutated(String text) {
        String result = text;
        int edits = between(1, 4);
        for (int n = 0; n < edits; n++) {
            String noise = random.nextBoolean() ? String.valueOf(JSON_NOISE.charAt(random.nextInt(JSON_NOISE.length())))
                    : Character.toString(anyCodePoint());
            if (result.isEmpty()) {
                result = noise;
                continue;
            }
            int i = codePointBoundary(result, random.nextInt(result.length()));
            int end = codePointBoundary(result, Math.min(result.length(), i + 8));
            result = switch (random.nextInt(5)) {
                case 0 -> result.substring(0, i) + result.substring(result.offsetByCodePoints(i, 1));
                case 1 -> result.substring(0, i) + noise + result.substring(i);
                case 2 -> result.substring(0, i) + noise + result.substring(result.offsetByCodePoints(i, 1));
                case 3 -> result.substring(0, i) + result.substring(i, end).repeat(2) + result.substring(end);
                default -> result.substring(0, i);
            };
        }
        return result;
    }

    /** The index itself, or one back when it would split a surrogate pair. */
    private static int codePointBoundary(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private String jsonString(int maxLength) {
        return Json.createValue(randomString(between(0, maxLength), null)).toString();
    }

    /**
     * Random characters from the alphabet, or any Unicode code points when it is null. Never lone surrogates: a text
     * frame is valid UTF-8 on the wire (containers close with 1007 otherwise), though JSON escapes may still encode them.
     */
    private String randomString(int length, String alphabet) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (alphabet != null) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            } else {
                text.appendCodePoint(anyCodePoint());
            }
        }
        return text.toString();
    }

    private int anyCodePoint() {
        while (true) {
            int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                return codePoint;
            }
        }
    }

    private int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private String oneOf(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @SafeVarargs
    private String pick(Supplier<String>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }
}
