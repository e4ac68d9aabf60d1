package dev.embeddedcluster.keyspace.rdb;

/** The value types and opcodes of Redis's RDB format (version 10, as Redis 7.0 writes it). */
final class RdbType {
    static final int VERSION = 10;

    static final int STRING = 0;
    static final int LIST = 1;
    static final int SET = 2;
    static final int ZSET = 3;
    static final int HASH = 4;
    static final int ZSET_2 = 5;
    static final int MODULE = 6;
    static final int MODULE_2 = 7;
    static final int HASH_ZIPMAP = 9;
    static final int LIST_ZIPLIST = 10;
    static final int SET_INTSET = 11;
    static final int ZSET_ZIPLIST = 12;
    static final int HASH_ZIPLIST = 13;
    static final int LIST_QUICKLIST = 14;
    static final int STREAM_LISTPACKS = 15;
    static final int HASH_LISTPACK = 16;
    static final int ZSET_LISTPACK = 17;
    static final int LIST_QUICKLIST_2 = 18;
    static final int STREAM_LISTPACKS_2 = 19;

    static final int OPCODE_FUNCTION2 = 245;
    static final int OPCODE_FUNCTION = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    /** Quicklist node containers in RDB_TYPE_LIST_QUICKLIST_2. */
    static final int NODE_PLAIN = 1;
    static final int NODE_PACKED = 2;

    private RdbType() {
    }

    /** Whether a byte names a value type RDB_TYPE_* that can start a key (modules included). */
    static boolean isValueType(int type) {
        return (type >= STRING && type <= MODULE_2) || (type >= HASH_ZIPMAP && type <= STREAM_LISTPACKS_2);
    }
}
