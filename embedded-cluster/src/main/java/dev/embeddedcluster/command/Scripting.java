package dev.embeddedcluster.command;

/**
 * A node's Lua: its script cache, function libraries and running script. Implemented in the
 * scripting package, which each node loads in a Lua engine of its own (the server's LuaEngines); it stays outside that package so that
 * every engine's copy and the server share it; the
 * rest of the server reaches it only through this interface.
 */
public interface Scripting {
    /** Runs a scripting or function command (EVAL, SCRIPT ..., FCALL, FUNCTION ...). */
    void execute(Request request);

    /** Stops the script or function running now, even one that wrote; whether one was running. */
    boolean stopRunningScript();

    /** The scripts in the cache (EVAL's and SCRIPT LOAD's): INFO's number_of_cached_scripts. */
    int cachedScripts();

    /** The functions of the loaded libraries: number_of_functions. */
    int functionCount();

    /** The loaded function libraries: number_of_libraries. */
    int libraryCount();

    /** Whether EVAL or EVALSHA (or their _RO forms) is refused over maxmemory before it runs. */
    boolean declaresOomDenied(byte[][] args, boolean bySha);

    /** The same for FCALL and FCALL_RO. */
    boolean functionOomDenied(byte[][] args);

    /**
     * Whether EVAL or EVALSHA (or their _RO forms) may write as a WRITE pause judges it: by the
     * script's declared flags (no-writes or not), or without them by the command, EVAL but not EVAL_RO.
     */
    boolean scriptMayWrite(byte[][] args, boolean bySha, boolean readOnlyCommand);

    /** The same for FCALL and FCALL_RO: by the function's flags; a function not found, by the command. */
    boolean functionMayWrite(byte[][] args, boolean readOnlyCommand);

    /** The code of each function library loaded, as FUNCTION LOAD took it (an RDB snapshot keeps them). */
    java.util.List<byte[]> libraryCodes();
}
