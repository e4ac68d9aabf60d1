package dev.embeddedcluster.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A RESP2 or RESP3 reply (as the test client returns it, one char per byte) read into Java
 * values, for the comparisons that hold replies to a shape: arrays, sets and pushes as lists,
 * maps as insertion-ordered maps, integers as Long, doubles as Double, strings (simple, bulk,
 * verbatim without its format) as String, errors as {@link Error}, nulls as null.
 */
public final class RespValues {
    /** An error reply. */
    public record Error(String text) {
    }

    private final String text;
    private int at;

    private RespValues(String text) {
        this.text = text;
    }

    public static Object parse(String reply) {
        RespValues reader = new RespValues(reply);
        Object value = reader.next();
        if (reader.at != reply.length()) {
            throw new IllegalArgumentException("more than one reply: " + reply);
        }
        return value;
    }

    private String line() {
        int end = text.indexOf("\r\n", at);
        String line = text.substring(at, end);
        at = end + 2;
        return line;
    }

    private Object next() {
        char type = text.charAt(at++);
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case ',':
                return Double.parseDouble(line);
            case '_':
                return null;
            case '#':
                return line.equals("t");
            case '(':
                return new java.math.BigInteger(line);
            case '$':
            case '=': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                String content = text.substring(at, at + length);
                at += length + 2;
                return type == '=' ? content.substring(4) : content;
            }
            case '*':
            case '~':
            case '>': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < length; i++) {
                    items.add(next());
                }
                return items;
            }
            case '%': {
                int length = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < length; i++) {
                    Object key = next();
                    map.put(key, next());
                }
                return map;
            }
            default:
                throw new IllegalArgumentException("not RESP at " + (at - 1) + ": " + text);
        }
    }

    /** INFO's text as field name to value, in order; section headers and blank lines left out. */
    static Map<String, String> infoFields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (!line.isEmpty() && !line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** INFO's section headers, in order. */
    static List<String> infoSections(String info) {
        List<String> sections = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                sections.add(line.substring(2));
            }
        }
        return sections;
    }
}
