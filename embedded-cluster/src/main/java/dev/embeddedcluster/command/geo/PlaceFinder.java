package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.geo.GeoHash.Cell;
import dev.embeddedcluster.keyspace.ScoreRange;
import dev.embeddedcluster.keyspace.ScoreSkipList;
import dev.embeddedcluster.keyspace.SortedSetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the members of a geo set inside a shape as Redis does (geo.c): each of the nine search
 * cells is a range of scores, read in ascending order; a member is kept when its decoded
 * position lies inside the shape. The order found is the order of an unsorted reply.
 */
final class PlaceFinder {
    private PlaceFinder() {
    }

    /** A member found: its score, its decoded position and its distance from the center in meters. */
    record Place(byte[] member, double score, double longitude, double latitude, double distance) {
    }

    /**
     * The members inside the shape; with a {@code limit} above 0 (COUNT with ANY) the search
     * stops as soon as it has found that many.
     */
    static List<Place> find(SortedSetValue set, Shape shape, long limit) {
        Cell[] cells = SearchCells.around(shape);
        List<Place> found = new ArrayList<>();
        int lastRead = 0;
        for (int i = 0; i < cells.length; i++) {
            Cell cell = cells[i];
            if (cell == null) {
                continue;
            }
            // Huge shapes make neighbors coincide: Redis skips a cell equal to the last one read,
            // unless that one was the center.
            if (lastRead > 0 && cell.equals(cells[lastRead])) {
                continue;
            }
            if (reached(found, limit)) {
                break;
            }
            readCell(set, cell, shape, found, limit);
            lastRead = i;
        }
        return found;
    }

    private static void readCell(SortedSetValue set, Cell cell, Shape shape, List<Place> found, long limit) {
        ScoreRange scores = new ScoreRange(cell.firstScore(), false, cell.endScore(), true);
        for (ScoreSkipList.Node n = set.firstIn(scores); n != null && scores.belowMax(n.score()); n = n.next()) {
            double[] position = GeoHash.position(n.score());
            Double distance = shape.distanceIfInside(position[0], position[1]);
            if (distance != null) {
                found.add(new Place(n.member(), n.score(), position[0], position[1], distance));
            }
            if (reached(found, limit)) {
                return;
            }
        }
    }

    private static boolean reached(List<Place> found, long limit) {
        return limit > 0 && found.size() >= limit;
    }
}
