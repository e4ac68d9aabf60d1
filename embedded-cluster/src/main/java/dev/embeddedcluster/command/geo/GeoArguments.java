package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RedisDoubles;
import dev.embeddedcluster.util.Strtod;

/** Reading the geo commands' arguments, each with Redis's error when it is wrong (null after replying it). */
final class GeoArguments {
    private GeoArguments() {
    }

    /** A longitude and the latitude after it: floats, then within the indexable range. */
    static double[] coordinates(Request r, int index) {
        Double longitude = number(r, index, Errors.NOT_FLOAT);
        Double latitude = longitude == null ? null : number(r, index + 1, Errors.NOT_FLOAT);
        if (latitude == null) {
            return null;
        }
        if (!GeoHash.isValid(longitude, latitude)) {
            r.reply().error(Errors.invalidLongitudeLatitude(RedisDoubles.fixed(longitude, 6), RedisDoubles.fixed(latitude, 6)));
            return null;
        }
        return new double[] {longitude, latitude};
    }

    /** How many meters one of the unit is: m, km, ft or mi, in any case. */
    static Double unit(Request r, int index) {
        if (r.is(index, "m")) {
            return 1.0;
        }
        if (r.is(index, "km")) {
            return 1000.0;
        }
        if (r.is(index, "ft")) {
            return 0.3048;
        }
        if (r.is(index, "mi")) {
            return 1609.34;
        }
        r.reply().error(Errors.GEO_UNSUPPORTED_UNIT);
        return null;
    }

    /** A radius and its unit; the shape is centered at 0,0 until {@link Shape#at} moves it. */
    static Shape circle(Request r, int index) {
        Double radius = number(r, index, Errors.GEO_NEED_NUMERIC_RADIUS);
        if (radius == null) {
            return null;
        }
        if (radius < 0) {
            r.reply().error(Errors.GEO_NEGATIVE_RADIUS);
            return null;
        }
        Double toMeters = unit(r, index + 1);
        return toMeters == null ? null : Shape.circle(radius, toMeters);
    }

    /** A width, a height and their unit; centered at 0,0 like {@link #circle}. */
    static Shape box(Request r, int index) {
        Double width = number(r, index, Errors.GEO_NEED_NUMERIC_WIDTH);
        Double height = width == null ? null : number(r, index + 1, Errors.GEO_NEED_NUMERIC_HEIGHT);
        if (height == null) {
            return null;
        }
        if (height < 0 || width < 0) {
            r.reply().error(Errors.GEO_NEGATIVE_BOX);
            return null;
        }
        Double toMeters = unit(r, index + 2);
        return toMeters == null ? null : Shape.box(width, height, toMeters);
    }

    /** A float as Redis reads one (getDoubleFromObject), or null after replying {@code error}. */
    private static Double number(Request r, int index, String error) {
        Double value = Strtod.parseStrict(r.arg(index));
        if (value == null) {
            r.reply().error(error);
        }
        return value;
    }

    /** The position of a member of a geo set, or null when it is not a member (no reply). */
    static double[] position(SortedSetValue set, byte[] member) {
        Double score = set.score(member);
        return score == null ? null : GeoHash.position(score);
    }
}
