package dev.embeddedcluster.command.geo;

/**
 * Great-circle distances on Redis's spherical Earth (geohash_helper.c): the haversine formula
 * with its radius, its degree-to-radian factor and its shortcut when both points share a
 * longitude. Distances are in meters.
 */
final class Haversine {
    /** The Earth radius Redis uses, in meters. */
    static final double EARTH_RADIUS = 6372797.560856;
    private static final double RADIANS_PER_DEGREE = Math.PI / 180.0;

    private Haversine() {
    }

    static double radians(double degrees) {
        return degrees * RADIANS_PER_DEGREE;
    }

    static double degrees(double radians) {
        return radians / RADIANS_PER_DEGREE;
    }

    static double distance(double longitude1, double latitude1, double longitude2, double latitude2) {
        double halfLongitudeSine = Trig.sin((radians(longitude2) - radians(longitude1)) / 2);
        if (halfLongitudeSine == 0.0) {
            return latitudeDistance(latitude1, latitude2);
        }
        double latitude1Radians = radians(latitude1);
        double latitude2Radians = radians(latitude2);
        double halfLatitudeSine = Trig.sin((latitude2Radians - latitude1Radians) / 2);
        double a = halfLatitudeSine * halfLatitudeSine
                + Trig.cos(latitude1Radians) * Trig.cos(latitude2Radians) * halfLongitudeSine * halfLongitudeSine;
        return 2.0 * EARTH_RADIUS * Trig.asin(StrictMath.sqrt(a));
    }

    /** The distance along a meridian between two latitudes. */
    static double latitudeDistance(double latitude1, double latitude2) {
        return EARTH_RADIUS * Math.abs(radians(latitude2) - radians(latitude1));
    }
}
