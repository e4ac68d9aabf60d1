package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.util.RedisNumbers;

/**
 * What a search command asks, read in Redis's order with Redis's errors: the fixed arguments of
 * its form, then the options in any order, then the combinations. A search on a missing key
 * still reads its options (and reports their errors) but cannot place a center on a member.
 */
final class SearchQuery {
    enum Order { NONE, ASC, DESC }

    /** The center; null when the source key is missing and the center is one of its members. */
    double[] center;
    /** The shape, centered at 0,0 ({@link #shapeAtCenter} places it); null as {@link #center}. */
    Shape shape;
    boolean withDist;
    boolean withHash;
    boolean withCoord;
    boolean any;
    Order order = Order.NONE;
    /** COUNT, or 0 for no limit. */
    long count;
    byte[] storeKey;
    boolean storeDist;
    /** Which GEOSEARCH options gave the center and the shape (each excludes its alternative). */
    private boolean fromMember;
    private boolean fromLonLat;
    private boolean byRadius;
    private boolean byBox;

    private SearchQuery() {
    }

    Shape shapeAtCenter() {
        return shape.at(center[0], center[1]);
    }

    /** The query; null after replying an error. {@code source} is the source set, null when missing. */
    static SearchQuery parse(Request r, SearchForm form, SortedSetValue source) {
        SearchQuery q = new SearchQuery();
        if (form.center == SearchForm.Center.COORDINATES) {
            q.center = GeoArguments.coordinates(r, 2);
            if (q.center == null || (q.shape = GeoArguments.circle(r, 4)) == null) {
                return null;
            }
        } else if (form.center == SearchForm.Center.MEMBER && source != null) {
            q.center = GeoArguments.position(source, r.arg(2));
            if (q.center == null) {
                r.reply().error(Errors.GEO_UNKNOWN_MEMBER);
                return null;
            }
            if ((q.shape = GeoArguments.circle(r, 3)) == null) {
                return null;
            }
        } else if (form == SearchForm.GEOSEARCHSTORE) {
            q.storeKey = r.arg(1);
        }
        return q.readOptions(r, form, source) && q.check(r, form) ? q : null;
    }

    private boolean readOptions(Request r, SearchForm form, SortedSetValue source) {
        int base = form.firstOption();
        int remaining = r.argc() - base;
        for (int i = 0; i < remaining; i++) {
            int at = base + i;
            if (r.is(at, "withdist")) {
                withDist = true;
            } else if (r.is(at, "withhash")) {
                withHash = true;
            } else if (r.is(at, "withcoord")) {
                withCoord = true;
            } else if (r.is(at, "any")) {
                any = true;
            } else if (r.is(at, "asc")) {
                order = Order.ASC;
            } else if (r.is(at, "desc")) {
                order = Order.DESC;
            } else if (r.is(at, "count") && i + 1 < remaining) {
                Long value = RedisNumbers.parseLong(r.arg(at + 1));
                if (value == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return false;
                }
                if (value <= 0) {
                    r.reply().error(Errors.COUNT_MUST_BE_POSITIVE);
                    return false;
                }
                count = value;
                i++;
            } else if ((r.is(at, "store") || r.is(at, "storedist")) && i + 1 < remaining && form.storeOption) {
                storeKey = r.arg(at + 1);
                storeDist = r.is(at, "storedist");
                i++;
            } else if (r.is(at, "storedist") && form == SearchForm.GEOSEARCHSTORE) {
                storeDist = true;
            } else if (r.is(at, "frommember") && i + 1 < remaining && form.isGeosearch() && !fromLonLat) {
                if (source != null) {
                    center = GeoArguments.position(source, r.arg(at + 1));
                    if (center == null) {
                        r.reply().error(Errors.GEO_UNKNOWN_MEMBER);
                        return false;
                    }
                }
                fromMember = true;
                i++;
            } else if (r.is(at, "fromlonlat") && i + 2 < remaining && form.isGeosearch() && !fromMember) {
                if ((center = GeoArguments.coordinates(r, at + 1)) == null) {
                    return false;
                }
                fromLonLat = true;
                i += 2;
            } else if (r.is(at, "byradius") && i + 2 < remaining && form.isGeosearch() && !byBox) {
                if ((shape = GeoArguments.circle(r, at + 1)) == null) {
                    return false;
                }
                byRadius = true;
                i += 2;
            } else if (r.is(at, "bybox") && i + 3 < remaining && form.isGeosearch() && !byRadius) {
                if ((shape = GeoArguments.box(r, at + 1)) == null) {
                    return false;
                }
                byBox = true;
                i += 3;
            } else {
                r.reply().error(Errors.SYNTAX);
                return false;
            }
        }
        return true;
    }

    /** The combinations Redis refuses, checked in its order. */
    private boolean check(Request r, SearchForm form) {
        if (storeKey != null && (withDist || withHash || withCoord)) {
            r.reply().error(Errors.geoStoreWithReplyOptions(form == SearchForm.GEOSEARCHSTORE));
            return false;
        }
        if (form.isGeosearch() && !(fromMember || fromLonLat)) {
            r.reply().error(Errors.geoSearchWithoutCenter(r.text(0)));
            return false;
        }
        if (form.isGeosearch() && !(byRadius || byBox)) {
            r.reply().error(Errors.geoSearchWithoutShape(r.text(0)));
            return false;
        }
        if (any && count == 0) {
            r.reply().error(Errors.GEO_ANY_WITHOUT_COUNT);
            return false;
        }
        return true;
    }
}
