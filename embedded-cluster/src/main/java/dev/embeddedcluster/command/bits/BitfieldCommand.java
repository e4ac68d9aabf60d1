package dev.embeddedcluster.command.bits;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * BITFIELD and BITFIELD_RO: GET, SET and INCRBY of integers at bit offsets of a string, under the
 * OVERFLOW policy in force where each appears (WRAP until told otherwise). As in Redis every
 * operation is parsed before any runs, so an error anywhere leaves the key alone; a call with
 * only GETs reads the key without creating it, while any write first grows the string to the
 * farthest bit written, even when every write then fails.
 */
final class BitfieldCommand {
    private BitfieldCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("bitfield", r -> run(r, false));
        registry.accept("bitfield_ro", r -> run(r, true));
    }

    private enum Kind { GET, SET, INCRBY }

    /** One parsed operation; {@code argument} is SET's value or INCRBY's increment. */
    private record Operation(Kind kind, BitfieldType type, long offset, long argument, BitfieldOverflow overflow) {
    }

    private static void run(Request r, boolean readOnlyCommand) {
        List<Operation> operations = parse(r);
        if (operations == null) {
            return;
        }
        long highestBitWritten = -1;
        for (Operation op : operations) {
            if (op.kind() != Kind.GET) {
                highestBitWritten = Math.max(highestBitWritten, op.offset() + op.type().bits() - 1);
            }
        }
        if (highestBitWritten < 0) {
            byte[] value = BitStrings.readBits(r, r.arg(1));
            if (value == BitStrings.WRONG_TYPE) {
                return;
            }
            r.reply().arrayHeader(operations.size());
            for (Operation op : operations) {
                r.reply().integer(op.type().get(value, op.offset()));
            }
            return;
        }
        if (readOnlyCommand) {
            r.reply().error(Errors.BITFIELD_RO_ONLY_GET);
            return;
        }
        BitStrings.Writable string = BitStrings.writable(r, r.arg(1), highestBitWritten);
        if (string == null) {
            return;
        }
        r.reply().arrayHeader(operations.size());
        int changes = 0;
        for (Operation op : operations) {
            changes += execute(r, op, string) ? 1 : 0;
        }
        // Redis replicates the call only when a write changed the string (or created or grew it).
        if (changes > 0) {
            r.propagateChanges(changes);
            r.notify(EventClass.STRING, "setbit", r.arg(1));
        }
    }

    /** Every operation of the call, or null after replying the first error met, left to right. */
    private static List<Operation> parse(Request r) {
        List<Operation> operations = new ArrayList<>();
        BitfieldOverflow overflow = BitfieldOverflow.WRAP;
        int i = 2;
        while (i < r.argc()) {
            int remaining = r.argc() - i - 1;
            Kind kind;
            if (r.is(i, "get") && remaining >= 2) {
                kind = Kind.GET;
            } else if (r.is(i, "set") && remaining >= 3) {
                kind = Kind.SET;
            } else if (r.is(i, "incrby") && remaining >= 3) {
                kind = Kind.INCRBY;
            } else if (r.is(i, "overflow") && remaining >= 1) {
                overflow = BitfieldOverflow.parse(r.arg(i + 1));
                if (overflow == null) {
                    r.reply().error(Errors.BITFIELD_INVALID_OVERFLOW);
                    return null;
                }
                i += 2;
                continue;
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
            BitfieldType type = BitfieldType.parse(r.arg(i + 1));
            if (type == null) {
                r.reply().error(Errors.BITFIELD_INVALID_TYPE);
                return null;
            }
            long offset = BitStrings.offset(r, r.arg(i + 2), type.bits());
            if (offset < 0) {
                return null;
            }
            long argument = 0;
            if (kind != Kind.GET) {
                Long parsed = RedisNumbers.parseLong(r.arg(i + 3));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                argument = parsed;
            }
            operations.add(new Operation(kind, type, offset, argument, overflow));
            i += kind == Kind.GET ? 3 : 4;
        }
        return operations;
    }

    /**
     * Runs one operation on the writable string and replies its result: the value read, SET's
     * old value, INCRBY's new value, or null when OVERFLOW FAIL refused the write. True when the
     * call counts as a change for replication.
     */
    private static boolean execute(Request r, Operation op, BitStrings.Writable string) {
        BitfieldType type = op.type();
        byte[] bytes = string.bytes();
        long old = type.get(bytes, op.offset());
        if (op.kind() == Kind.GET) {
            r.reply().integer(old);
            return false;
        }
        boolean set = op.kind() == Kind.SET;
        long result = set ? op.argument() : old + op.argument();
        int direction = set ? type.overflowOfSet(result) : type.overflowOfSum(old, op.argument());
        Long stored = direction == 0 ? Long.valueOf(result) : op.overflow().settle(type, result, direction);
        if (stored == null) {
            r.reply().nullBulk();
            return false;
        }
        type.put(bytes, op.offset(), stored);
        r.reply().integer(set ? old : stored);
        return string.grown() || old != stored;
    }
}
