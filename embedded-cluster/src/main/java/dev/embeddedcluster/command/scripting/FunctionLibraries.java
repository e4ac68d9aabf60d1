package dev.embeddedcluster.command.scripting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's function libraries (functions.c's functionsLibCtx): the libraries by their exact
 * names, and every function of every library by its name in any case, which FCALL looks up and
 * which must be unique across libraries. Also a scratch set of libraries, while RESTORE reads a
 * payload before joining it to the node's.
 */
final class FunctionLibraries {
    /** What RESTORE does with the libraries already loaded. */
    enum RestorePolicy { FLUSH, APPEND, REPLACE }

    private final LuaFunctionEngine engine;
    private final Map<String, FunctionLibrary> libraries = new LinkedHashMap<>();
    private final Map<String, LibraryFunction> functions = new HashMap<>();

    FunctionLibraries(LuaFunctionEngine engine) {
        this.engine = engine;
    }

    Collection<FunctionLibrary> libraries() {
        return libraries.values();
    }

    int libraryCount() {
        return libraries.size();
    }

    /** The functions of every library, counted per library as Redis counts them. */
    int functionCount() {
        int count = 0;
        for (FunctionLibrary library : libraries.values()) {
            count += library.functions().size();
        }
        return count;
    }

    /** The function FCALL names, in any case; null when none has that name. */
    LibraryFunction function(String name) {
        return functions.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * FUNCTION LOAD: creates a library from its code, replacing the library of the same name
     * when {@code replace}; returns the library's name. Nothing changes when it fails.
     */
    String load(byte[] code, boolean replace, long timeoutMillis) throws FunctionException {
        LibraryMetadata metadata = LibraryMetadata.parse(code);
        if (!LuaFunctionEngine.validName(metadata.name())) {
            throw LuaFunctionEngine.invalidName();
        }
        if (!metadata.engine().equalsIgnoreCase(LuaFunctionEngine.NAME)) {
            throw new FunctionException("Engine '" + metadata.engine() + "' not found");
        }
        FunctionLibrary old = libraries.get(metadata.name());
        if (old != null && !replace) {
            throw new FunctionException("Library '" + metadata.name() + "' already exists");
        }
        if (old != null) {
            unlink(old);
        }
        try {
            FunctionLibrary library = engine.create(metadata.name(), code, metadata.codeStart(), timeoutMillis);
            if (library.functions().isEmpty()) {
                throw new FunctionException("No functions registered");
            }
            for (LibraryFunction function : library.functions()) {
                if (function(function.name()) != null) {
                    throw new FunctionException("Function " + function.name() + " already exists");
                }
            }
            link(library);
            return library.name();
        } catch (FunctionException e) {
            if (old != null) {
                link(old);
            }
            throw e;
        }
    }

    /** FUNCTION DELETE: false when no library has this exact name. */
    boolean delete(String name) {
        FunctionLibrary library = libraries.get(name);
        if (library == null) {
            return false;
        }
        unlink(library);
        return true;
    }

    /** FUNCTION FLUSH. */
    void flush() {
        libraries.clear();
        functions.clear();
    }

    byte[] dump() {
        return FunctionPayload.dump(libraries.values());
    }

    /**
     * FUNCTION RESTORE: loads every library of a payload apart (they must not clash with one
     * another), then takes them in as the policy says. Nothing changes when it fails.
     */
    void restore(byte[] payload, RestorePolicy policy) throws FunctionException {
        FunctionPayload.Reader reader = FunctionPayload.open(payload);
        FunctionLibraries restored = new FunctionLibraries(engine);
        while (reader.hasNext()) {
            restored.load(reader.next(), false, 0);
        }
        if (policy == RestorePolicy.FLUSH) {
            flush();
        }
        join(restored, policy == RestorePolicy.REPLACE);
    }

    /**
     * Takes in another set's libraries; one named like a library here replaces it when
     * {@code replace}, and fails the join otherwise. A function named like one of another library
     * fails it too.
     */
    private void join(FunctionLibraries other, boolean replace) throws FunctionException {
        List<FunctionLibrary> replaced = new ArrayList<>();
        try {
            for (FunctionLibrary library : other.libraries.values()) {
                FunctionLibrary old = libraries.get(library.name());
                if (old != null) {
                    if (!replace) {
                        throw new FunctionException("Library " + library.name() + " already exists");
                    }
                    unlink(old);
                    replaced.add(old);
                }
            }
            for (LibraryFunction function : other.functions.values()) {
                if (function(function.name()) != null) {
                    throw new FunctionException("Function " + function.name() + " already exists");
                }
            }
        } catch (FunctionException e) {
            replaced.forEach(this::link);
            throw e;
        }
        other.libraries.values().forEach(this::link);
    }

    private void link(FunctionLibrary library) {
        for (LibraryFunction function : library.functions()) {
            // Names differing only in case may share a library, but only the first is callable.
            functions.putIfAbsent(function.name().toLowerCase(Locale.ROOT), function);
        }
        libraries.put(library.name(), library);
    }

    private void unlink(FunctionLibrary library) {
        for (LibraryFunction function : library.functions()) {
            functions.remove(function.name().toLowerCase(Locale.ROOT), function);
        }
        libraries.remove(library.name());
    }
}
