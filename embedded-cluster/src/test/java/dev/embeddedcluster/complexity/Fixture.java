package dev.embeddedcluster.complexity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The collection a case runs against, built at a given size under the key {@link #key(int)},
 * with its small companion ({@link #small(int)} holds ten elements of the same kind). All keys
 * share one slot.
 */
enum Fixture {
    SET {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "SADD", key(size), i -> new String[] {member(i)});
            batches(out, 10, "SADD", small(size), i -> new String[] {member(i)});
        }
    },
    HASH {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "HSET", key(size), i -> new String[] {field(i), "v" + i});
        }
    },
    ZSET {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "ZADD", key(size), i -> new String[] {Integer.toString(i), member(i)});
            batches(out, 10, "ZADD", small(size), i -> new String[] {Integer.toString(i), member(i)});
        }
    },
    LIST {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "RPUSH", key(size), i -> new String[] {element(i)});
            batches(out, 10, "RPUSH", small(size), i -> new String[] {element(i)});
        }
    },
    /** Entries 1-0 to size-0, a group g whose consumer c has read them all (so they are pending). */
    STREAM {
        @Override
        void build(List<String[]> out, int size) {
            for (int i = 1; i <= size; i++) {
                out.add(new String[] {"XADD", key(size), i + "-0", "f", "v"});
            }
            out.add(new String[] {"XGROUP", "CREATE", key(size), "g", "0"});
            out.add(new String[] {"XREADGROUP", "GROUP", "g", "c", "COUNT", Integer.toString(size), "STREAMS", key(size), ">"});
        }
    },
    /** A string of that many bytes, plus a counter {@code k:n} and a short string {@code k:o}. */
    STRING {
        @Override
        void build(List<String[]> out, int size) {
            out.add(new String[] {"SET", key(size), "a".repeat(size)});
            out.add(new String[] {"SET", key(size) + ":n", "10"});
            out.add(new String[] {"SET", key(size) + ":o", "v"});
        }
    },
    HYPERLOGLOG {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "PFADD", key(size), i -> new String[] {member(i)});
        }
    },
    /** Members on a line of latitude 10, 0.0003 degrees (about 33 m) apart from longitude -100 eastwards. */
    GEO {
        @Override
        void build(List<String[]> out, int size) {
            batches(out, size, "GEOADD", key(size), i -> new String[] {Double.toString(-100 + i * 0.0003), "10", member(i)});
        }
    },
    /** That many string keys, all in one slot. */
    KEYS {
        @Override
        void build(List<String[]> out, int size) {
            for (int from = 0; from < size; from += 500) {
                List<String> command = new ArrayList<>(List.of("MSET"));
                for (int i = from; i < Math.min(size, from + 500); i++) {
                    command.add("{cx}key" + i);
                    command.add("v");
                }
                out.add(command.toArray(String[]::new));
            }
        }
    };

    static String key(int size) {
        return "{cx}k" + size;
    }

    static String small(int size) {
        return key(size) + ":small";
    }

    /** Whether both sizes can live side by side (and be timed in turns): not for keys, which a node holds in one keyspace. */
    boolean interleaves() {
        return this != KEYS;
    }

    abstract void build(List<String[]> out, int size);

    static String member(int i) {
        return String.format("m%07d", i);
    }

    static String field(int i) {
        return String.format("f%07d", i);
    }

    static String element(int i) {
        return String.format("e%07d", i);
    }

    /** {@code command key args...} with the arguments of up to 1,000 elements a command. */
    private static void batches(List<String[]> out, int size, String command, String key, IntFunction<String[]> element) {
        for (int from = 0; from < size; from += 1_000) {
            List<String> args = new ArrayList<>(List.of(command, key));
            for (int i = from; i < Math.min(size, from + 1_000); i++) {
                args.addAll(List.of(element.apply(i)));
            }
            out.add(args.toArray(String[]::new));
        }
    }
}
