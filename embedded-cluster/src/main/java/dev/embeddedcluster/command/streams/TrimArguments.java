package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.RedisNumbers;

/**
 * XADD's and XTRIM's options, read as Redis reads them: MAXLEN or MINID with "~" or "=",
 * LIMIT, and for XADD NOMKSTREAM and the ID, which ends the options.
 */
final class TrimArguments {
    StreamValue.TrimStrategy strategy;
    boolean approximate;
    long maxLength;
    StreamId minId;
    long limit;
    /** Where the MAXLEN or MINID value is, for rewriting it for replicas. */
    int strategyValueIndex;
    boolean noMakeStream;
    /** XADD: where the ID is (the argument count when missing), the ID (null for "*"), whether its sequence was given. */
    int idIndex;
    StreamId id;
    boolean seqGiven;

    private TrimArguments() {
    }

    /** Null after replying the error. */
    static TrimArguments parse(Request r, boolean xadd) {
        TrimArguments a = new TrimArguments();
        boolean limitGiven = false;
        int i = 2;
        for (; i < r.argc(); i++) {
            int more = r.argc() - 1 - i;
            byte[] option = r.arg(i);
            if (xadd && option.length == 1 && option[0] == '*') {
                break;
            } else if ((r.is(i, "maxlen") || r.is(i, "minid")) && more > 0) {
                if (a.strategy != null) {
                    r.reply().error(Errors.MAXLEN_AND_MINID);
                    return null;
                }
                boolean byLength = r.is(i, "maxlen");
                a.approximate = false;
                if (more >= 2 && r.is(i + 1, "~")) {
                    a.approximate = true;
                    i++;
                } else if (more >= 2 && r.is(i + 1, "=")) {
                    i++;
                }
                if (byLength) {
                    Long maxLength = RedisNumbers.parseLong(r.arg(i + 1));
                    if (maxLength == null) {
                        r.reply().error(Errors.NOT_INTEGER);
                        return null;
                    }
                    if (maxLength < 0) {
                        r.reply().error(Errors.MAXLEN_NEGATIVE_XADD);
                        return null;
                    }
                    a.maxLength = maxLength;
                } else {
                    a.minId = StreamIds.parseOrReply(r, i + 1, 0, true);
                    if (a.minId == null) {
                        return null;
                    }
                }
                i++;
                a.strategy = byLength ? StreamValue.TrimStrategy.MAXLEN : StreamValue.TrimStrategy.MINID;
                a.strategyValueIndex = i;
            } else if (r.is(i, "limit") && more > 0) {
                Long limit = RedisNumbers.parseLong(r.arg(i + 1));
                if (limit == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                if (limit < 0) {
                    r.reply().error(Errors.LIMIT_NEGATIVE_XADD);
                    return null;
                }
                a.limit = limit;
                limitGiven = true;
                i++;
            } else if (xadd && r.is(i, "nomkstream")) {
                a.noMakeStream = true;
            } else if (xadd) {
                StreamIds.Parsed parsed = StreamIds.parse(option, 0, true, true);
                if (parsed == null) {
                    r.reply().error(Errors.INVALID_STREAM_ID);
                    return null;
                }
                a.id = parsed.id();
                a.seqGiven = parsed.seqGiven();
                break;
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        a.idIndex = i;
        if (a.limit != 0 && a.strategy == null) {
            r.reply().error(Errors.LIMIT_WITHOUT_STRATEGY);
            return null;
        }
        if (!xadd && a.strategy == null) {
            r.reply().error(Errors.XTRIM_WITHOUT_STRATEGY);
            return null;
        }
        if (r.keyspace().isApplyingMasterStream()) {
            a.limit = 0;
        } else if (limitGiven) {
            if (!a.approximate) {
                r.reply().error(Errors.LIMIT_WITHOUT_APPROXIMATION);
                return null;
            }
        } else {
            a.limit = a.approximate ? 100L * 100 : 0;
        }
        return a;
    }

    /** Trims the stream; returns how many entries went. */
    long trim(StreamValue stream) {
        return strategy == null ? 0 : stream.trim(strategy, maxLength, minId, approximate, limit);
    }

    /**
     * After an approximate trim, the command as replicas must run it: "=" and the length or
     * first ID reached, so that they end up with the same entries.
     */
    void rewriteForReplicas(byte[][] command, StreamValue stream) {
        if (strategy == null || !approximate) {
            return;
        }
        command[strategyValueIndex - 1] = new byte[] {'='};
        command[strategyValueIndex] = (strategy == StreamValue.TrimStrategy.MAXLEN
                ? Long.toString(stream.length()) : stream.firstStoredId().toString()).getBytes();
    }
}
