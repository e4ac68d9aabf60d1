package dev.embeddedcluster.command.geo;

/**
 * The area a search covers: a circle (BYRADIUS, GEORADIUS) or a box aligned with the meridians
 * (BYBOX) around a center, sized in a unit ({@code toMeters} meters each). Membership and the
 * distance from the center are computed as Redis computes them (geo.c, geohash_helper.c).
 */
record Shape(double longitude, double latitude, boolean circle, double radius, double width, double height,
             double toMeters) {

    /** A circle centered at 0,0 until {@link #at} moves it. */
    static Shape circle(double radius, double toMeters) {
        return new Shape(0, 0, true, radius, 0, 0, toMeters);
    }

    /** A box centered at 0,0 until {@link #at} moves it. */
    static Shape box(double width, double height, double toMeters) {
        return new Shape(0, 0, false, 0, width, height, toMeters);
    }

    /** The same shape around another center. */
    Shape at(double newLongitude, double newLatitude) {
        return new Shape(newLongitude, newLatitude, circle, radius, width, height, toMeters);
    }

    /**
     * The distance in meters from the center to a point inside the shape, or null when the
     * point lies outside. A distance that is not a number (two nearly antipodal points) counts
     * as inside, as in Redis.
     */
    Double distanceIfInside(double pointLongitude, double pointLatitude) {
        if (circle) {
            double distance = Haversine.distance(longitude, latitude, pointLongitude, pointLatitude);
            return distance > radius * toMeters ? null : distance;
        }
        double widthMeters = width * toMeters;
        double heightMeters = height * toMeters;
        if (Haversine.latitudeDistance(pointLatitude, latitude) > heightMeters / 2) {
            return null;
        }
        if (Haversine.distance(pointLongitude, pointLatitude, longitude, pointLatitude) > widthMeters / 2) {
            return null;
        }
        return Haversine.distance(longitude, latitude, pointLongitude, pointLatitude);
    }

    /** The distance from the center to the farthest point of the shape, in meters. */
    double reachMeters() {
        double reach = circle ? radius : Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2));
        return reach * toMeters;
    }

    /** Half the shape's north-south extent, in meters. */
    double halfHeightMeters() {
        return toMeters * (circle ? radius : height / 2);
    }

    /** Half the shape's east-west extent, in meters. */
    double halfWidthMeters() {
        return toMeters * (circle ? radius : width / 2);
    }
}
