package dev.embeddedcluster.command;

import dev.embeddedcluster.cluster.Route;

/** Every error text we send, exactly as Redis 7.0 words it. */
public final class Errors {
    public static final String SYNTAX = "ERR syntax error";
    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String CROSSSLOT = Route.CROSSSLOT;
    public static final String TRYAGAIN = Route.TRYAGAIN;
    public static final String CLUSTERDOWN_UNBOUND = Route.CLUSTERDOWN_UNBOUND;
    public static final String CLUSTERDOWN_STATE = Route.CLUSTERDOWN_STATE;
    public static final String SELECT_IN_CLUSTER = "ERR SELECT is not allowed in cluster mode";
    public static final String MOVE_IN_CLUSTER = "ERR MOVE is not allowed in cluster mode";
    public static final String SWAPDB_IN_CLUSTER = "ERR SWAPDB is not allowed in cluster mode";
    public static final String REPLICAOF_IN_CLUSTER = "ERR REPLICAOF not allowed in cluster mode.";
    public static final String FAILOVER_IN_CLUSTER = "ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
    public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    public static final String INCREMENT_NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    public static final String VALUE_NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    public static final String HASH_VALUE_NOT_INTEGER = "ERR hash value is not an integer";
    public static final String HASH_VALUE_NOT_FLOAT = "ERR hash value is not a float";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    public static final String LCS_KEYS_NOT_STRINGS = "ERR The specified keys must contain string values";
    public static final String LCS_LEN_WITH_IDX = "ERR If you want both the length and indexes, please just use IDX.";
    public static final String PROTOCOL_VERSION_NOT_INTEGER = "ERR Protocol version is not an integer or out of range";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String AUTH_WITHOUT_PASSWORD = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String EXPIRE_NX_WITH_OTHERS = "ERR NX and XX, GT or LT options at the same time are not compatible";
    public static final String EXPIRE_GT_WITH_LT = "ERR GT and LT options at the same time are not compatible";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";
    public static final String VALUE_MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
    public static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
    public static final String MORE_KEYS_THAN_ARGS = "ERR Number of keys can't be greater than number of args";
    public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
            + "2 from the second ... or use negative to start from the end of the list";
    public static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
    public static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    public static final String COUNT_NOT_POSITIVE = "ERR count should be greater than 0";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String COPY_TO_OTHER_DB_IN_CLUSTER = "ERR Copying to another database is not allowed in cluster mode";
    public static final String SAME_SOURCE_AND_DESTINATION = "ERR source and destination objects are the same";
    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String CLIENT_PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
    public static final String CLIENT_UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
    public static final String UNBLOCKED_BY_CLIENT = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
    public static final String TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
    public static final String MIN_MAX_NOT_LEX = "ERR min or max not valid string range item";
    public static final String ZADD_NX_WITH_XX = "ERR XX and NX options at the same time are not compatible";
    public static final String ZADD_NX_GT_LT = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public static final String ZADD_INCR_PAIRS = "ERR INCR option supports a single increment-element pair";
    public static final String SCORE_NAN = "ERR resulting score is not a number (NaN)";
    public static final String LIMIT_WITHOUT_BY =
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public static final String WITHSCORES_WITH_BYLEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
    public static final String INVALID_STREAM_ID = "ERR Invalid stream ID specified as stream command argument";
    public static final String INVALID_START_ID = "ERR invalid start ID for the interval";
    public static final String INVALID_END_ID = "ERR invalid end ID for the interval";
    public static final String XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
    public static final String XADD_ID_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
    public static final String STREAM_EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
    public static final String MAXLEN_AND_MINID = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
    public static final String MAXLEN_NEGATIVE_XADD = "ERR The MAXLEN argument must be >= 0.";
    public static final String LIMIT_NEGATIVE_XADD = "ERR The LIMIT argument must be >= 0.";
    public static final String LIMIT_WITHOUT_STRATEGY = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
    public static final String XTRIM_WITHOUT_STRATEGY = "ERR syntax error, XTRIM must be called with a trimming strategy";
    public static final String LIMIT_WITHOUT_APPROXIMATION = "ERR syntax error, LIMIT cannot be used without the special ~ option";
    public static final String XREAD_UNBALANCED =
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
    public static final String XREAD_GROUP_OPTION = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREAD_NOACK_OPTION = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREADGROUP_MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
    public static final String XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read "
            + "the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
            + "just return an empty result set.";
    public static final String XREAD_GREATER_THAN = "ERR The > ID can be specified only when calling XREADGROUP using the "
            + "GROUP <group> <consumer> option.";
    public static final String XGROUP_GONE = "NOGROUP the consumer group this client was blocked on no longer exists";
    /** XREADGROUP blocked on a stream that was deleted or overwritten by another type. */
    public static final String STREAM_KEY_GONE = "UNBLOCKED the stream key no longer exists";
    public static final String ENTRIES_READ_INVALID = "ERR value for ENTRIESREAD must be positive or -1";
    public static final String XGROUP_KEY_MISSING = "ERR The XGROUP subcommand requires the key to exist. Note that for "
            + "CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
    public static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
    public static final String ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
    public static final String XSETID_BELOW_MAX_DELETED =
            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
    public static final String XSETID_BELOW_TOP = "ERR The ID specified in XSETID is smaller than the target stream top item";
    public static final String XSETID_BELOW_LENGTH =
            "ERR The entries_added specified in XSETID is smaller than the target stream length";
    public static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
    public static final String XAUTOCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
    public static final String SORT_BY_IN_CLUSTER = "ERR BY option of SORT denied in Cluster mode.";
    public static final String SORT_GET_IN_CLUSTER = "ERR GET option of SORT denied in Cluster mode.";
    public static final String SORT_NOT_NUMBERS = "ERR One or more scores can't be converted into double";
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    public static final String RESTORE_TTL = "ERR Invalid TTL value, must be >= 0";
    public static final String RESTORE_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    public static final String RESTORE_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    public static final String DUMP_PAYLOAD_INVALID = "ERR DUMP payload version or checksum are wrong";
    public static final String DUMP_BAD_FORMAT = "ERR Bad data format";
    public static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_INSIDE_MULTI = "ERR WATCH inside MULTI is not allowed";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String TRACKING_ONE_REDIRECT = "ERR A client can only redirect to a single other client";
    public static final String TRACKING_NO_REDIRECT_CLIENT = "ERR The client ID you want redirect to does not exist";
    public static final String TRACKING_PREFIX_WITHOUT_BCAST = "ERR PREFIX option requires BCAST mode to be enabled";
    public static final String TRACKING_SWITCH_BCAST = "ERR You can't switch BCAST mode on/off before disabling tracking "
            + "for this client, and then re-enabling it with a different mode.";
    public static final String TRACKING_OPTIN_OPTOUT_BCAST = "ERR OPTIN and OPTOUT are not compatible with BCAST";
    public static final String TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
    public static final String TRACKING_SWITCH_OPTIN = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking "
            + "for this client, and then re-enabling it with a different mode.";
    public static final String CACHING_WITHOUT_TRACKING =
            "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled";
    public static final String CACHING_YES_WITHOUT_OPTIN = "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
    public static final String CACHING_NO_WITHOUT_OPTOUT = "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";
    public static final String BIT_OFFSET_INVALID = "ERR bit offset is not an integer or out of range";
    public static final String BIT_VALUE_INVALID = "ERR bit is not an integer or out of range";
    public static final String BIT_ARGUMENT_INVALID = "ERR The bit argument must be 1 or 0.";
    public static final String BITOP_NOT_ONE_KEY = "ERR BITOP NOT must be called with a single source key.";
    public static final String BITFIELD_INVALID_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    public static final String BITFIELD_INVALID_OVERFLOW = "ERR Invalid OVERFLOW type specified";
    public static final String BITFIELD_RO_ONLY_GET = "ERR BITFIELD_RO only supports the GET subcommand";
    public static final String GEO_UNSUPPORTED_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
    public static final String GEO_NEED_NUMERIC_RADIUS = "ERR need numeric radius";
    public static final String GEO_NEGATIVE_RADIUS = "ERR radius cannot be negative";
    public static final String GEO_NEED_NUMERIC_WIDTH = "ERR need numeric width";
    public static final String GEO_NEED_NUMERIC_HEIGHT = "ERR need numeric height";
    public static final String GEO_NEGATIVE_BOX = "ERR height or width cannot be negative";
    public static final String GEO_UNKNOWN_MEMBER = "ERR could not decode requested zset member";
    public static final String COUNT_MUST_BE_POSITIVE = "ERR COUNT must be > 0";
    public static final String GEO_ANY_WITHOUT_COUNT = "ERR the ANY argument requires COUNT argument";
    public static final String NOT_A_HYPERLOGLOG = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    public static final String CORRUPTED_HYPERLOGLOG = "INVALIDOBJ Corrupted HLL object detected";
    public static final String PFDEBUG_NO_SUCH_KEY = "ERR The specified key does not exist";
    public static final String PFDEBUG_NOT_SPARSE = "ERR HLL encoding is not sparse";
    public static final String INVALID_SLOT = "ERR Invalid slot";
    public static final String INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
    public static final String UNBLOCKED_ROLE_CHANGE =
            "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";
    public static final String MIGRATE_KEYS_WITH_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
    public static final String FAILOVER_ON_MASTER = "ERR You should send CLUSTER FAILOVER to a replica";
    public static final String SETSLOT_ON_REPLICA = "ERR Please use SETSLOT only with masters.";
    public static final String INVALID_OR_OUT_OF_RANGE_SLOT = "ERR Invalid or out of range slot";
    public static final String FLUSHSLOTS_DB_NOT_EMPTY = "ERR DB must be empty to perform CLUSTER FLUSHSLOTS.";
    public static final String CONFIG_EPOCH_WITH_OTHER_NODES =
            "ERR The user can assign a config epoch only when the node does not know any other node.";
    public static final String CONFIG_EPOCH_NON_ZERO = "ERR Node config epoch is already non-zero";
    public static final String FORGET_MYSELF = "ERR I tried hard but I can't forget myself...";
    public static final String FORGET_MY_MASTER = "ERR Can't forget my master!";
    public static final String REPLICATE_MYSELF = "ERR Can't replicate myself";
    public static final String REPLICATE_A_REPLICA = "ERR I can only replicate a master, not a replica.";
    public static final String REPLICATE_NOT_EMPTY = "ERR To set a master the node must be empty and without assigned slots.";
    public static final String RESET_MASTER_WITH_KEYS = "ERR CLUSTER RESET can't be called with master nodes containing keys";
    public static final String SETSLOT_SYNTAX =
            "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP";
    public static final String TARGET_NOT_A_MASTER = "ERR Target node is not a master";
    public static final String NOT_A_MASTER = "ERR The specified node is not a master";
    public static final String INVALID_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";
    public static final String HELLO_NOAUTH =
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";
    public static final String WAIT_ON_REPLICA =
            "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.";
    public static final String IDLETIME_UNDER_LFU =
            "ERR An LFU maxmemory policy is selected, idle time not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    public static final String FREQ_WITHOUT_LFU =
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    public static final String GETKEYS_INVALID_COMMAND = "ERR Invalid command specified";
    public static final String GETKEYS_NO_KEY_ARGUMENTS = "ERR The command has no key arguments";
    public static final String GETKEYS_INVALID_ARGUMENT_COUNT = "ERR Invalid number of arguments specified for command";
    public static final String GETKEYS_INVALID_ARGUMENTS = "ERR Invalid arguments specified for command";

    // SHUTDOWN (server.c)
    public static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
    public static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";
    public static final String NOT_IN_TRANSACTION = "ERR Command not allowed inside a transaction";

    // SAVE, BGSAVE (rdb.c): a failed SAVE answers the bare ERR
    public static final String BACKGROUND_SAVE_IN_PROGRESS = "ERR Background save already in progress";
    public static final String SAVE_FAILED = "ERR";

    // Lua scripting (eval.c, script.c, script_lua.c)
    public static final String NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
    public static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    public static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";
    public static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    public static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands against the "
            + "dataset. You can either wait the script termination or kill the server in a hard way using the "
            + "SHUTDOWN NOSAVE command.";
    /** What a killed script raises (its caller gets it with "ERR " first and the script's place after). */
    public static final String SCRIPT_KILLED = "Script killed by user with SCRIPT KILL...";
    public static final String SCRIPT_FLUSH_MODE = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
    public static final String SCRIPT_NO_CLUSTER = "ERR Can not run script on cluster, 'no-cluster' flag is set.";
    public static final String SCRIPT_WRITE_FLAG_WITH_RO = "ERR Can not execute a script with write flag using *_ro command.";
    public static final String SCRIPT_WRITE_ON_REPLICA = "READONLY Can not run script with write flag on readonly replica";
    public static final String WRITE_ON_READONLY_REPLICA = "READONLY You can't write against a read only replica.";
    public static final String SHEBANG_INVALID = "ERR Invalid script shebang";
    public static final String SHEBANG_INVALID_ENGINE = "ERR Invalid engine in script shebang";
    /** What redis.call/pcall tell a script, before the "ERR " every such text gets. */
    public static final String SCRIPT_UNKNOWN_COMMAND = "Unknown Redis command called from script";
    public static final String SCRIPT_WRONG_ARITY = "Wrong number of args calling Redis command from script";
    public static final String SCRIPT_FORBIDDEN_COMMAND = "This Redis command is not allowed from script";
    public static final String SCRIPT_READ_ONLY = "Write commands are not allowed from read-only scripts.";
    public static final String SCRIPT_NON_LOCAL_KEY = "Script attempted to access a non local key in a cluster node";
    public static final String SCRIPT_CROSS_SLOT = "Script attempted to access keys that do not hash to the same slot";
    public static final String SCRIPT_CLUSTER_DOWN = "Script attempted to execute a command while the cluster is down";
    public static final String SCRIPT_NO_ARGUMENTS = "Please specify at least one argument for this redis lib call";
    public static final String SCRIPT_BAD_ARGUMENT = "Lua redis lib command arguments must be strings or integers";

    // Functions (functions.c)
    public static final String FUNCTION_NOT_FOUND = "ERR Function not found";
    public static final String FUNCTION_BAD_NUMKEYS = "ERR Bad number of keys provided";
    public static final String LIBRARY_NOT_FOUND = "ERR Library not found";
    public static final String FUNCTION_FLUSH_MODE = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
    public static final String FUNCTION_RESTORE_POLICY =
            "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";
    public static final String FUNCTION_LIST_NO_LIBRARY_NAME = "ERR library name argument was not given";

    /** FUNCTION LOAD's unknown option; Redis formats it, so line breaks become spaces. */
    /**
     * DEBUG, MODULE LOAD, LOADEX and UNLOAD: protected commands, which a server refuses unless its
     * configuration file enables them ({@code option}, "no" by default).
     */
    public static String protectedCommand(String command, String option) {
        return "ERR " + command + " command not allowed. If the " + option + " option is set to \"local\", "
                + "you can run it from a local connection, otherwise you need to set this option "
                + "in the configuration file, and then restart the server.";
    }

    public static String functionLoadOption(String option) {
        return sanitize("ERR Unknown option given: " + option);
    }

    /** FUNCTION LIST's unknown argument; Redis passes it on as is, line breaks included. */
    public static String functionListArgument(String argument) {
        return "ERR Unknown argument " + argument;
    }

    public static String shebangEngine(String engine) {
        return "ERR Unexpected engine in script shebang: " + engine;
    }

    public static String shebangFlag(String flag) {
        return "ERR Unexpected flag in script shebang: " + flag;
    }

    public static String shebangOption(String option) {
        return "ERR Unknown lua shebang option: " + option;
    }

    public static String scriptCompile(String luaMessage) {
        return sanitize("ERR Error compiling script (new function): " + cTokenText(luaMessage));
    }

    /**
     * Lua names the token it stopped at ("near '...'") as a C string, which ends at a NUL; luaj keeps
     * the NUL its lexer appends to numbers, and whatever follows.
     */
    private static String cTokenText(String luaMessage) {
        int nul = luaMessage.indexOf('\0');
        return nul < 0 || !luaMessage.endsWith("'") ? luaMessage : luaMessage.substring(0, nul) + "'";
    }

    private Errors() {
    }

    /** EXEC refused outright (a busy script): the transaction is discarded with the reason. */
    public static String execAbort(String reason) {
        return "EXECABORT Transaction discarded because of: " + reason;
    }

    public static String unknownCommand(String name, String argsBeginning) {
        return sanitize("ERR unknown command '" + truncate(name, 128) + "', with args beginning with: " + argsBeginning);
    }

    public static String unknownClientType(String type) {
        return sanitize("ERR Unknown client type '" + type + "'");
    }

    public static String noSuchUser(String user) {
        return sanitize("ERR No such user '" + user + "'");
    }

    public static String unrecognizedOption(String option) {
        return sanitize("ERR Unrecognized option '" + option + "'");
    }

    public static String unsupportedOption(String option) {
        return sanitize("ERR Unsupported option " + option);
    }

    public static String invalidLibraryInfo(String field) {
        return "ERR " + field + " cannot contain spaces, newlines or special characters.";
    }

    /** CONFIG SET notify-keyspace-events with a character that names no class (after configSetFailed's prefix). */
    public static final String INVALID_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    /** CONFIG REWRITE on a node, which has no configuration file. */
    public static final String NO_CONFIG_FILE = "ERR The server is running without a config file";

    public static String configSetUnknown(String parameter) {
        return sanitize("ERR Unknown option or number of arguments for CONFIG SET - '" + parameter + "'");
    }

    /** EXEC refused as a whole for the reason an error gives (its text without the leading dash). */
    public static String execAbortBecause(String error) {
        return "EXECABORT Transaction discarded because of: " + error;
    }

    public static String configSetFailed(String parameter, String problem) {
        return sanitize("ERR CONFIG SET failed (possibly related to argument '" + parameter + "') - " + problem);
    }

    public static String helloSyntax(String option) {
        return sanitize("ERR Syntax error in HELLO option '" + option + "'");
    }

    public static String invalidMeetPort(String which, String value) {
        return sanitize("ERR Invalid TCP " + which + " port specified: " + value);
    }

    public static String invalidNodeAddress(String host, String port) {
        return sanitize("ERR Invalid node address specified: " + host + ":" + port);
    }

    public static String unknownNode(String id) {
        return sanitize("ERR Unknown node " + id);
    }

    public static String noGroupForKey(String group, String key) {
        return "NOGROUP No such consumer group '" + group + "' for key name '" + key + "'";
    }

    public static String noKeyOrGroup(String key, String group) {
        return "NOGROUP No such key '" + key + "' or consumer group '" + group + "'";
    }

    public static String noKeyOrGroupInXreadgroup(String key, String group) {
        return "NOGROUP No such key '" + key + "' or consumer group '" + group + "' in XREADGROUP with GROUP option";
    }

    public static String xclaimOption(String option) {
        return "ERR Unrecognized XCLAIM option '" + option + "'";
    }

    public static String xclaimArgument(String option) {
        return "ERR Invalid " + option + " option argument for XCLAIM";
    }

    public static String unknownPfdebugSubcommand(String subcommand) {
        return sanitize("ERR Unknown PFDEBUG subcommand '" + subcommand + "'");
    }

    /** A RESP2 connection with subscriptions running anything but the pub/sub commands. */
    public static String onlyPubSubWhileSubscribed(String fullName) {
        return "ERR Can't execute '" + fullName
                + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }

    public static String trackingPrefixOverlapsExisting(String prefix, String existing) {
        return "ERR Prefix '" + prefix + "' overlaps with an existing prefix '" + existing
                + "'. Prefixes for a single client must not overlap.";
    }

    public static String trackingPrefixOverlapsProvided(String prefix, String other) {
        return "ERR Prefix '" + prefix + "' overlaps with another provided prefix '" + other
                + "'. Prefixes for a single client must not overlap.";
    }

    /** ZUNIONSTORE and its kin given numkeys below 1. */
    public static String noInputKeys(String fullName) {
        return "ERR at least 1 input key is needed for '" + fullName + "' command";
    }

    /** A number argument outside the range a command accepts, in Redis's words (sic). */
    public static String valueOutOfRange(long min, long max) {
        return "ERR value is out of range, value must between " + min + " and " + max;
    }

    /** A longitude or latitude outside what a geohash can hold; the numbers as C's %f writes them. */
    public static String invalidLongitudeLatitude(String longitude, String latitude) {
        return "ERR invalid longitude,latitude pair " + longitude + "," + latitude;
    }

    /** STORE or GEOSEARCHSTORE with an option that only a reply can carry. */
    public static String geoStoreWithReplyOptions(boolean geosearchstore) {
        return "ERR " + (geosearchstore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
    }

    /** GEOSEARCH without its center; the command name as the client typed it. */
    public static String geoSearchWithoutCenter(String typedName) {
        return sanitize("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + typedName);
    }

    /** GEOSEARCH without its shape; the command name as the client typed it. */
    public static String geoSearchWithoutShape(String typedName) {
        return sanitize("ERR exactly one of BYRADIUS and BYBOX can be specified for " + typedName);
    }

    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /** A container command's subcommand with options it does not take. */
    public static String subcommandSyntax(String sub, String container) {
        return "ERR unknown subcommand or wrong number of arguments for '" + truncate(sub, 128) + "'. Try "
                + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    public static String unknownSubcommand(String sub, String container) {
        return "ERR unknown subcommand '" + truncate(sub, 128) + "'. Try " + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    public static String invalidExpireTime(String command) {
        return "ERR invalid expire time in '" + command + "' command";
    }

    public static String notOwnerOfSlot(int slot) {
        return "ERR I'm not the owner of hash slot " + slot;
    }

    public static String alreadyOwnerOfSlot(int slot) {
        return "ERR I'm already the owner of hash slot " + slot;
    }

    public static String unknownNodeToMe(String id) {
        return sanitize("ERR I don't know about node " + id);
    }

    public static String slotStillHasKeys(int slot) {
        return "ERR Can't assign hashslot " + slot + " to a different node while I still hold keys for this hash slot.";
    }

    public static String slotAlreadyBusy(int slot) {
        return "ERR Slot " + slot + " is already busy";
    }

    public static String slotAlreadyUnassigned(int slot) {
        return "ERR Slot " + slot + " is already unassigned";
    }

    public static String slotSpecifiedMultipleTimes(int slot) {
        return "ERR Slot " + slot + " specified multiple times";
    }

    public static String startSlotAfterEndSlot(int start, int end) {
        return "ERR start slot number " + start + " is greater than end slot number " + end;
    }

    public static String invalidConfigEpoch(long epoch) {
        return "ERR Invalid config epoch specified: " + epoch;
    }

    public static String moved(int slot, String host, int port) {
        return Route.moved(slot, host, port);
    }

    public static String ask(int slot, String host, int port) {
        return Route.ask(slot, host, port);
    }

    /** Error texts never carry a line break: Redis turns them into spaces. */
    public static String sanitize(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
