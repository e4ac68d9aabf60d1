package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.geo.GeoHash.Area;
import dev.embeddedcluster.command.geo.GeoHash.Cell;
import dev.embeddedcluster.command.geo.GeoHash.Neighbors;

/**
 * The nine geohash cells a search reads (geohash_helper.c): the cell of the center at a step
 * coarse enough for the shape's reach, and its eight neighbors, minus those that Redis proves
 * useless from the shape's bounding box. The order is Redis's, which is the order of unsorted
 * results: center, north, south, east, west, north-east, north-west, south-east, south-west.
 */
final class SearchCells {
    /** Half the Earth's circumference in Web Mercator meters, as Redis rounds it. */
    private static final double MERCATOR_MAX = 20037726.37;

    private SearchCells() {
    }

    /** The cells in search order; a dropped cell is null. */
    static Cell[] around(Shape shape) {
        double longitude = shape.longitude();
        double latitude = shape.latitude();
        double latitudeDelta = Haversine.degrees(shape.halfHeightMeters() / Haversine.EARTH_RADIUS);
        double longitudeDeltaTop = Haversine.degrees(shape.halfWidthMeters() / Haversine.EARTH_RADIUS
                / Trig.cos(Haversine.radians(latitude + latitudeDelta)));
        double longitudeDeltaBottom = Haversine.degrees(shape.halfWidthMeters() / Haversine.EARTH_RADIUS
                / Trig.cos(Haversine.radians(latitude - latitudeDelta)));
        // The box is widest on the side nearer the equator.
        double longitudeDelta = latitude < 0 ? longitudeDeltaBottom : longitudeDeltaTop;
        double minLongitude = longitude - longitudeDelta;
        double maxLongitude = longitude + longitudeDelta;
        double minLatitude = latitude - latitudeDelta;
        double maxLatitude = latitude + latitudeDelta;

        int step = estimateStep(shape.reachMeters(), latitude);
        Cell center = GeoHash.encode(longitude, latitude, step);
        Neighbors neighbors = GeoHash.neighbors(center);
        // A neighbor that does not reach the bounding box's edge means the step is too fine.
        if (step > 1 && (GeoHash.decode(neighbors.north()).latitudeMax() < maxLatitude
                || GeoHash.decode(neighbors.south()).latitudeMin() > minLatitude
                || GeoHash.decode(neighbors.east()).longitudeMax() < maxLongitude
                || GeoHash.decode(neighbors.west()).longitudeMin() > minLongitude)) {
            step--;
            center = GeoHash.encode(longitude, latitude, step);
            neighbors = GeoHash.neighbors(center);
        }
        Cell[] cells = {center, neighbors.north(), neighbors.south(), neighbors.east(), neighbors.west(),
                neighbors.northEast(), neighbors.northWest(), neighbors.southEast(), neighbors.southWest()};
        if (step >= 2) {
            // Neighbors on a side the center cell already covers past the bounding box.
            Area area = GeoHash.decode(center);
            if (area.latitudeMin() < minLatitude) {
                drop(cells, 2, 7, 8);
            }
            if (area.latitudeMax() > maxLatitude) {
                drop(cells, 1, 5, 6);
            }
            if (area.longitudeMin() < minLongitude) {
                drop(cells, 4, 8, 6);
            }
            if (area.longitudeMax() > maxLongitude) {
                drop(cells, 3, 7, 5);
            }
        }
        return cells;
    }

    private static void drop(Cell[] cells, int... indexes) {
        for (int i : indexes) {
            cells[i] = null;
        }
    }

    /**
     * The step whose cells are about as large as the reach: halving the cell size per step
     * from the whole world, two steps coarser for safety, one or two more near the poles.
     */
    static int estimateStep(double reachMeters, double latitude) {
        if (reachMeters == 0) {
            return GeoHash.STEP_MAX;
        }
        int step = 1;
        while (reachMeters < MERCATOR_MAX) {
            reachMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(GeoHash.STEP_MAX, step));
    }
}
