package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.resp.InlineParser;
import dev.embeddedcluster.util.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first line of a library, "#!lua name=mylib" (functions.c's functionExtractLibMetaData):
 * the engine, the library's name, and where the code the engine compiles starts (at the line
 * break, so line numbers stay right). The line is split as Redis splits it, quotes included.
 */
record LibraryMetadata(String engine, String name, int codeStart) {
    private static final String NAME = "name=";

    static LibraryMetadata parse(byte[] code) throws FunctionException {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new FunctionException("Missing library metadata");
        }
        int lineEnd = lineEnd(code);
        if (lineEnd < 0) {
            throw new FunctionException("Invalid library metadata");
        }
        byte[][] parts = InlineParser.split(Arrays.copyOf(code, lineEnd));
        if (parts == null || parts.length == 0) {
            throw new FunctionException("Invalid library metadata");
        }
        String engine = latin1(parts[0]).substring(2);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].length < NAME.length()
                    || !Ascii.equalsIgnoreCase(Arrays.copyOf(parts[i], NAME.length()), NAME)) {
                throw new FunctionException("Invalid metadata value given: " + latin1(parts[i]));
            }
            if (name != null) {
                throw new FunctionException("Invalid metadata value, name argument was given multiple times");
            }
            name = latin1(parts[i]).substring(NAME.length());
        }
        if (name == null) {
            throw new FunctionException("Library name was not given");
        }
        return new LibraryMetadata(engine, name, lineEnd);
    }

    /** The first line break; Redis reads the code as a C string, so none counts after a NUL byte. */
    private static int lineEnd(byte[] code) {
        for (int i = 0; i < code.length && code[i] != 0; i++) {
            if (code[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
