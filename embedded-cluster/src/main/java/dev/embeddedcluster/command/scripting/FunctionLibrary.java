package dev.embeddedcluster.command.scripting;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded library (functions.c's functionLibInfo): its name, its whole code (the shebang line
 * included) and the functions its code registered, by their exact names, in registration order.
 */
final class FunctionLibrary {
    private final String name;
    private final byte[] code;
    private final Map<String, LibraryFunction> functions = new LinkedHashMap<>();

    FunctionLibrary(String name, byte[] code) {
        this.name = name;
        this.code = code;
    }

    String name() {
        return name;
    }

    byte[] code() {
        return code;
    }

    Collection<LibraryFunction> functions() {
        return functions.values();
    }

    /** Whether the library registered a function of exactly this name. */
    boolean has(String functionName) {
        return functions.containsKey(functionName);
    }

    /** Registers a function while the library's code loads. */
    void add(LibraryFunction function) {
        functions.put(function.name(), function);
    }
}
