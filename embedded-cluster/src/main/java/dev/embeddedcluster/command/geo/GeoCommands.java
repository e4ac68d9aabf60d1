package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.sortedsets.SortedSetCommands;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RedisDoubles;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The geo commands (Redis's geo.c). A geo set is a sorted set whose scores are 52-bit geohashes
 * ({@link GeoHash}); GEOADD writes through ZADD, the others decode scores back into positions.
 * Searches are in {@link SearchCommands}.
 */
public final class GeoCommands {
    private static final byte[] ZADD = Ascii.bytes("zadd");
    private static final byte[] GEOHASH_ALPHABET = Ascii.bytes("0123456789bcdefghjkmnpqrstuvwxyz");

    private GeoCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("geoadd", GeoCommands::add);
        registry.accept("geopos", GeoCommands::positions);
        registry.accept("geohash", GeoCommands::hashes);
        registry.accept("geodist", GeoCommands::distance);
        SearchCommands.register(registry);
    }

    /**
     * GEOADD key [NX|XX] [CH] longitude latitude member ...: Redis checks the coordinates, turns
     * each pair into its geohash score and runs ZADD with the same flags on the rewritten
     * arguments, so replies, errors after the coordinates and what replicas receive are ZADD's.
     */
    private static void add(Request r) {
        boolean nx = false;
        boolean xx = false;
        int first = 2;
        for (; first < r.argc(); first++) {
            if (r.is(first, "nx")) {
                nx = true;
            } else if (r.is(first, "xx")) {
                xx = true;
            } else if (!r.is(first, "ch")) {
                break;
            }
        }
        if ((r.argc() - first) % 3 != 0 || (nx && xx)) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        int places = (r.argc() - first) / 3;
        byte[][] zadd = new byte[first + 2 * places][];
        zadd[0] = ZADD;
        System.arraycopy(r.args(), 1, zadd, 1, first - 1);
        for (int i = 0; i < places; i++) {
            double[] coordinates = GeoArguments.coordinates(r, first + 3 * i);
            if (coordinates == null) {
                return;
            }
            long score = GeoHash.encode(coordinates[0], coordinates[1], GeoHash.STEP_MAX).firstScore();
            zadd[first + 2 * i] = Ascii.bytes(Long.toString(score));
            zadd[first + 2 * i + 1] = r.arg(first + 3 * i + 2);
        }
        SortedSetCommands.addRewritten(r, zadd);
    }

    private static void positions(Request r) {
        eachMember(r, position -> {
            if (position == null) {
                r.reply().nullArray();
            } else {
                position(r.reply(), position[0], position[1]);
            }
        });
    }

    /**
     * GEOHASH: the standard 11-character geohash of each member's position, which Redis gets
     * by encoding the decoded position again over latitudes ±90 (its own index stops at ±85.05);
     * 52 bits fill ten characters, the eleventh is always '0'.
     */
    private static void hashes(Request r) {
        eachMember(r, position -> {
            if (position == null) {
                r.reply().nullBulk();
                return;
            }
            long bits = GeoHash.encode(position[0], position[1], GeoHash.STEP_MAX, -90, 90).bits();
            byte[] text = new byte[11];
            for (int c = 0; c < 10; c++) {
                text[c] = GEOHASH_ALPHABET[(int) (bits >>> (52 - (c + 1) * 5)) & 0x1f];
            }
            text[10] = GEOHASH_ALPHABET[0];
            r.reply().bulk(text);
        });
    }

    /** GEOPOS and GEOHASH: an array with one reply per member named, made from its position (null when absent). */
    private static void eachMember(Request r, Consumer<double[]> replyPosition) {
        SortedSetValue set = SortedSetCommands.read(r, r.arg(1));
        if (set == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        r.reply().arrayHeader(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            replyPosition.accept(set == null ? null : GeoArguments.position(set, r.arg(i)));
        }
    }

    /** GEODIST key member1 member2 [unit]: the unit is checked before the key is read. */
    private static void distance(Request r) {
        double toMeters = 1;
        if (r.argc() == 5) {
            Double unit = GeoArguments.unit(r, 4);
            if (unit == null) {
                return;
            }
            toMeters = unit;
        } else if (r.argc() > 5) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        SortedSetValue set = SortedSetCommands.read(r, r.arg(1));
        if (set == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        double[] from = set == null ? null : GeoArguments.position(set, r.arg(2));
        double[] to = set == null ? null : GeoArguments.position(set, r.arg(3));
        if (from == null || to == null) {
            r.reply().nullBulk();
            return;
        }
        distance(r.reply(), Haversine.distance(from[0], from[1], to[0], to[1]) / toMeters);
    }

    /** A distance as Redis replies one: a bulk string with four decimals, in both protocols. */
    static void distance(RespWriter reply, double distance) {
        reply.bulk(RedisDoubles.fixedPoint(distance, 4));
    }

    /** A position as a pair of "human" doubles, longitude first. */
    static void position(RespWriter reply, double longitude, double latitude) {
        reply.arrayHeader(2);
        reply.humanDouble(longitude);
        reply.humanDouble(latitude);
    }
}
