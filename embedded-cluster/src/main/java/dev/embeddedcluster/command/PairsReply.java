package dev.embeddedcluster.command;

import dev.embeddedcluster.resp.RespWriter;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Elements replied with or without their values (HRANDFIELD WITHVALUES, ZRANGE WITHSCORES...):
 * one flat array in RESP2, an array of pairs in RESP3 (not a map: the order matters).
 */
public final class PairsReply {
    private PairsReply() {
    }

    public static <T> void write(RespWriter reply, List<T> elements, boolean withValues, Function<T, byte[]> name,
                                 BiConsumer<RespWriter, T> value) {
        boolean nested = withValues && reply.protocol() == 3;
        reply.arrayHeader(withValues && !nested ? elements.size() * 2 : elements.size());
        for (T element : elements) {
            if (nested) {
                reply.arrayHeader(2);
            }
            reply.bulk(name.apply(element));
            if (withValues) {
                value.accept(reply, element);
            }
        }
    }
}
