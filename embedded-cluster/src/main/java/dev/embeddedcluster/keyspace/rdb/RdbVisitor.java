package dev.embeddedcluster.keyspace.rdb;

/** What {@link RdbFile#read} finds in a file, in file order. */
public interface RdbVisitor {
    default void aux(String name, byte[] value) {
    }

    /** A function library's code (RDB_OPCODE_FUNCTION2). */
    default void function(byte[] code) {
    }

    /** A key of database {@code db}; keys with an empty value are skipped, as Redis skips them. */
    void key(int db, RdbKey key);
}
