package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The geo commands against a real redis-server, byte for byte: scores, decoded positions,
 * distances, geohash strings, every search option and error, and the order of unsorted and
 * partially sorted results (Redis's cell walk, its merge sort and its partial quicksort).
 */
class GeoCommandsIT extends ComparisonSupport {
    private static final String[] UNITS = {"m", "km", "ft", "mi"};

    /** Palermo and Catania, Redis's own example. */
    private void sicily(String key) {
        same("GEOADD", key, "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
    }

    /**
     * A grid of points around a city: {@code side} by {@code side} points {@code spacing}
     * degrees apart, named after the city and their place in the grid, added in one GEOADD.
     */
    private void grid(String key, String city, double longitude, double latitude, int side, double spacing) {
        List<String> command = new ArrayList<>(List.of("GEOADD", key));
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                double lon = longitude + (i - side / 2) * spacing;
                double lat = latitude + (j - side / 2) * spacing;
                command.add(coordinate(Math.max(-180, Math.min(180, lon))));
                command.add(coordinate(Math.max(-85.05112878, Math.min(85.05112878, lat))));
                command.add(city + ":" + i + ":" + j);
            }
        }
        same(command.toArray(new String[0]));
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** Several cities' grids (about 700 points, so a skiplist) in one key. */
    private void world(String key) {
        sicily(key);
        grid(key, "palermo", 13.361389, 38.115556, 10, 0.02);
        grid(key, "paris", 2.3522, 48.8566, 10, 0.05);
        grid(key, "tokyo", 139.6917, 35.6895, 8, 0.1);
        grid(key, "sydney", 151.2093, -33.8688, 8, 0.1);
        grid(key, "reykjavik", -21.9426, 64.1466, 6, 0.3);
        grid(key, "fiji", 179.8, -17.7, 8, 0.1);
        grid(key, "quito", -78.4678, -0.1807, 6, 0.2);
        same("GEOADD", key, "0", "0", "null-island", "-0.0001", "-0.0001", "south-west-of-null",
                "0", "85.05112878", "north-edge", "0", "-85.05112878", "south-edge", "180", "0", "east-edge",
                "-180", "0", "west-edge", "179.9999", "84.9", "arctic-east", "-179.9999", "84.9", "arctic-west",
                "45", "-84.5", "antarctic", "-135", "82", "north-greenland-sea", "100", "-80.5", "deep-south");
    }

    @Test
    void geoaddRepliesAndFlags() {
        script("GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "ZRANGE g 0 -1 WITHSCORES",
                "GEOADD g 13.361389 38.115556 Palermo", "GEOADD g CH 13.361389 38.115556 Palermo 13.5 38 Palermo",
                "GEOADD g NX 1 1 Palermo 2 2 new", "GEOADD g XX 1 1 Palermo 2 2 other", "GEOADD g XX CH 3 3 Palermo",
                "GEOADD g CH XX 3 3 Palermo", "GEOADD g CH NX 4 4 Palermo 5 5 fresh", "GEOADD g nx ch 6 6 more",
                "GEOADD g ch ch 7 7 more", "ZRANGE g 0 -1 WITHSCORES", "GEOADD missing XX 1 1 a", "EXISTS missing",
                "GEOADD g 1 1 dup 2 2 dup", "GEOPOS g dup", "OBJECT ENCODING g", "GEOADD g -180 -85.05112878 corner1",
                "GEOADD g 180 85.05112878 corner2 -180 85.05112878 corner3 180 -85.05112878 corner4",
                "ZRANGE g 0 -1 WITHSCORES", "GEOADD g 0 0 zero -0 -0 negzero 1e-300 -1e-300 tiny", "ZSCORE g negzero",
                "GEOADD g 0x10 0x1p2 hex", "GEOADD g 1.5e1 2.5E1 exp", "ZSCORE g hex", "ZSCORE g exp");
        same3("GEOADD", "g", "CH", "10", "10", "Palermo");
        same("GEOADD", "g", "11", "11", "a b");
    }

    @Test
    void geoaddErrors() {
        script("GEOADD g", "GEOADD g 1", "GEOADD g 1 2", "GEOADD g 1 2 m 3", "GEOADD g 1 2 m 3 4", "GEOADD g NX XX 1 2 m",
                "GEOADD g XX NX 1 2 m", "GEOADD g NX XX CH", "GEOADD g NX CH CH", "GEOADD g CH CH CH", "GEOADD g GT 1 2 m",
                "GEOADD g GT 1 2", "GEOADD g LT 1 2 m", "GEOADD g INCR 1 2 m", "GEOADD g x 2 m", "GEOADD g 1 y m",
                "GEOADD g 181 0 m", "GEOADD g -180.0000001 0 m", "GEOADD g 0 85.06 m", "GEOADD g 0 -85.0511288 m",
                "GEOADD g 0 90 m", "GEOADD g 200 100 m", "GEOADD g -0 100 m", "GEOADD g -1e-9 -100 m", "GEOADD g inf 0 m",
                "GEOADD g -inf 0 m", "GEOADD g 0 +inf m", "GEOADD g nan 0 m", "GEOADD g 1e300 0 m", "GEOADD g 1e400 0 m",
                "GEOADD g 1e-400 0 m", "GEOADD g 123456.7890125 0 m", "GEOADD g 0.0000005 -99.9999995 m",
                "GEOADD g 1 1 a 200 1 b", "GEOADD g 1 1 a x 1 b", "EXISTS g", "SET s v", "GEOADD s 1 1 a",
                "GEOADD s 1000 1 a", "GEOADD s x 1 a", "GEOADD s NX XX 1 1 a", "GEOADD g 1 1");
        same("GEOADD", "g", " 1", "1", "space");
        same("GEOADD", "g", "1 ", "1", "space");
        same("GEOADD", "g", "", "1", "empty");
        same3("GEOADD", "g", "500", "1", "m");
    }

    @Test
    void geoposAndGeohash() {
        world("w");
        script("GEOPOS w Palermo Catania missing null-island south-west-of-null north-edge south-edge east-edge west-edge",
                "GEOHASH w Palermo Catania missing null-island south-west-of-null north-edge south-edge east-edge west-edge",
                "GEOPOS w arctic-east arctic-west antarctic deep-south paris:3:7 tokyo:0:0 sydney:7:7 fiji:7:7",
                "GEOHASH w arctic-east arctic-west antarctic deep-south paris:3:7 tokyo:0:0 sydney:7:7 fiji:7:7",
                "GEOPOS w", "GEOHASH w", "GEOPOS missing a b", "GEOHASH missing a b", "SET s v", "GEOPOS s a", "GEOHASH s a",
                "GEOPOS missing", "GEOHASH missing");
        same3("GEOPOS", "w", "Palermo", "missing", "south-edge");
        same3("GEOHASH", "w", "Palermo", "missing");
        same3("GEOPOS", "missing", "a");
    }

    @Test
    void positionsOfScoresThatNoGeoaddWrites() {
        script("ZADD z -1 neg1 -1e300 negbig 1e300 big inf pinf -inf ninf 1e19 e19 1.5 frac 0 zero 9.3e18 e18 -0.5 nhalf",
                "ZADD z 18446744073709551615 max64 4503599627370496 two52 4503599627370495 below52 9007199254740992 two53",
                "ZADD z 9223372036854775808 two63 -9223372036854775808 negtwo63 12345678.9 decimal 3.999 almost4");
        String members = "neg1 negbig big pinf ninf e19 frac zero e18 nhalf max64 two52 below52 two53 two63 negtwo63 decimal almost4";
        script("GEOPOS z " + members, "GEOHASH z " + members, "GEODIST z neg1 zero", "GEODIST z big frac km",
                "GEODIST z two52 below52 mi", "GEORADIUS z 0 0 50000 km WITHHASH WITHCOORD ASC",
                "GEOSEARCH z FROMMEMBER frac BYBOX 1000 1000 km WITHHASH WITHDIST");
    }

    @Test
    void geodistUnitsAndErrors() {
        world("w");
        for (String unit : new String[] {"m", "km", "ft", "mi", "M", "KM", "Ft", "mI"}) {
            script("GEODIST w Palermo Catania " + unit, "GEODIST w Palermo tokyo:3:3 " + unit,
                    "GEODIST w arctic-east arctic-west " + unit, "GEODIST w north-edge south-edge " + unit,
                    "GEODIST w east-edge west-edge " + unit, "GEODIST w null-island south-west-of-null " + unit);
        }
        script("GEODIST w Palermo Palermo", "GEODIST w Palermo Catania", "GEODIST w Palermo missing", "GEODIST w missing Palermo",
                "GEODIST missing a b", "GEODIST missing a b km", "GEODIST missing a b parsec", "GEODIST w Palermo Catania yd",
                "GEODIST w Palermo Catania km extra", "GEODIST w Palermo", "SET s v", "GEODIST s a b", "GEODIST s a b km",
                "GEODIST s a b cm", "GEODIST w paris:0:0 paris:9:9 km", "GEODIST w sydney:0:0 fiji:0:0 mi",
                "GEODIST w quito:0:0 quito:5:5", "GEODIST w antarctic deep-south");
        same3("GEODIST", "w", "Palermo", "Catania", "km");
        same3("GEODIST", "w", "Palermo", "missing");
        same3("GEODIST", "missing", "a", "b");
    }

    @Test
    void georadiusOptions() {
        world("w");
        String[] centers = {"15 37", "13.361389 38.115556", "2.3522 48.8566", "179.9 -17.7", "-180 -17.7", "0 0",
                "-21.9 64.1", "0 85", "0 -85", "139.7 35.7"};
        for (String center : centers) {
            script("GEORADIUS w " + center + " 200 km", "GEORADIUS w " + center + " 200 km ASC",
                    "GEORADIUS w " + center + " 200 km DESC WITHDIST", "GEORADIUS w " + center + " 5000 km WITHCOORD WITHHASH",
                    "GEORADIUS w " + center + " 30 mi COUNT 5", "GEORADIUS w " + center + " 30 mi COUNT 5 ANY",
                    "GEORADIUS w " + center + " 100000 ft COUNT 3 DESC WITHDIST",
                    "GEORADIUS w " + center + " 1 m", "GEORADIUS w " + center + " 0 m WITHDIST");
        }
        script("GEORADIUS w 15 37 200 km WITHDIST WITHCOORD WITHHASH", "GEORADIUS w 15 37 200 km withhash withcoord withdist",
                "GEORADIUS w 15 37 200 km COUNT 1 ASC WITHDIST", "GEORADIUS w 15 37 200 km COUNT 100 DESC",
                "GEORADIUS w 15 37 200 km ASC DESC", "GEORADIUS w 15 37 200 km DESC ASC", "GEORADIUS w 15 37 200 km ANY COUNT 2",
                "GEORADIUS w 15 37 200 km COUNT 2 COUNT 3", "GEORADIUS_RO w 15 37 200 km WITHDIST ASC",
                "GEORADIUSBYMEMBER w Palermo 100 km WITHDIST", "GEORADIUSBYMEMBER w Palermo 300 km ASC WITHCOORD",
                "GEORADIUSBYMEMBER w Catania 10 km", "GEORADIUSBYMEMBER_RO w Catania 500 km DESC COUNT 4",
                "GEORADIUSBYMEMBER w arctic-east 500 km WITHDIST", "GEORADIUSBYMEMBER w east-edge 100 km WITHDIST",
                "GEORADIUSBYMEMBER w north-edge 1000 km WITHCOORD", "GEORADIUS missing 15 37 200 km",
                "GEORADIUSBYMEMBER missing nobody 200 km", "GEORADIUS_RO missing 15 37 200 km WITHDIST",
                "GEORADIUSBYMEMBER_RO missing x 1 km");
        same3("GEORADIUS", "w", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC");
        same3("GEORADIUSBYMEMBER_RO", "w", "Palermo", "200", "km", "WITHCOORD");
        same3("GEORADIUS", "w", "15", "37", "200", "km");
        same3("GEORADIUS", "missing", "15", "37", "200", "km");
    }

    @Test
    void georadiusErrors() {
        world("w");
        script("GEORADIUS w x 37 200 km", "GEORADIUS w 15 y 200 km", "GEORADIUS w 190 37 200 km", "GEORADIUS w 15 87 200 km",
                "GEORADIUS w 15 37 r km", "GEORADIUS w 15 37 -1 km", "GEORADIUS w 15 37 200 parsec", "GEORADIUS w 15 37 -1 parsec",
                "GEORADIUS w 15 37 200 km FOO", "GEORADIUS w 15 37 200 km COUNT", "GEORADIUS w 15 37 200 km COUNT 0",
                "GEORADIUS w 15 37 200 km COUNT -3", "GEORADIUS w 15 37 200 km COUNT x", "GEORADIUS w 15 37 200 km ANY",
                "GEORADIUS w 15 37 200 km COUNT 0 ANY", "GEORADIUS w 15 37 200 km STORE", "GEORADIUS w 15 37 200 km STOREDIST",
                "GEORADIUS w 15 37 200 km STORE dst WITHDIST", "GEORADIUS w 15 37 200 km WITHHASH STOREDIST dst",
                "GEORADIUS w 15 37 200 km WITHCOORD STORE dst ANY", "GEORADIUS w 15 37 200 km ANY STORE dst",
                "GEORADIUS_RO w 15 37 200 km STORE dst", "GEORADIUS_RO w 15 37 200 km STOREDIST dst",
                "GEORADIUSBYMEMBER w nobody 200 km", "GEORADIUSBYMEMBER w nobody x km", "GEORADIUSBYMEMBER w Palermo x km",
                "GEORADIUSBYMEMBER w Palermo -5 km", "GEORADIUSBYMEMBER w Palermo 5 lightyears",
                "GEORADIUSBYMEMBER_RO w Palermo 5 km STORE dst", "GEORADIUSBYMEMBER w Palermo 5 km STORE dst WITHHASH",
                "GEORADIUSBYMEMBER missing nobody x parsec", "GEORADIUSBYMEMBER missing nobody 1 km FOO",
                "GEORADIUSBYMEMBER missing nobody 1 km STORE dst WITHDIST", "GEORADIUSBYMEMBER missing nobody 1 km ANY",
                "GEORADIUS missing x 37 200 km", "GEORADIUS missing 15 37 200 parsec", "GEORADIUS missing 15 37 200 km ANY",
                "GEORADIUS w 15 37 200 km FROMMEMBER Palermo", "GEORADIUS w 15 37 200 km BYRADIUS 3 km",
                "GEORADIUS w 15 37 200", "GEORADIUSBYMEMBER w Palermo 200", "SET s v", "GEORADIUS s 15 37 200 km",
                "GEORADIUS s x 37 200 km", "GEORADIUSBYMEMBER s a 1 km", "GEORADIUS_RO s 1 1 1 km", "GEORADIUSBYMEMBER_RO s a x y");
        same("GEORADIUS", "w", "15", "37", "1e400", "km");
        same("GEORADIUS", "w", "15", "37", "nan", "km");
        same("GEORADIUS", "w", "15", "37", "-0", "km", "WITHDIST");
        same("GEORADIUS", "w", "-0", "-0", "1", "km", "WITHDIST");
    }

    @Test
    void georadiusStore() {
        world("{g}w");
        script("GEORADIUS {g}w 15 37 200 km STORE {g}dst", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEORADIUS {g}w 15 37 200 km STOREDIST {g}dst", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEORADIUS {g}w 15 37 200 mi STOREDIST {g}dst COUNT 2 DESC", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEORADIUS {g}w 15 37 200 km STORE {g}dst STOREDIST {g}other", "EXISTS {g}dst", "ZRANGE {g}other 0 -1 WITHSCORES",
                "GEORADIUS {g}w 15 37 200 km STOREDIST {g}dst STORE {g}other", "ZRANGE {g}other 0 -1 WITHSCORES",
                "GEORADIUS {g}w 15 37 200 km COUNT 3 ANY STORE {g}dst", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEORADIUS {g}w 0 50 1 m STORE {g}dst", "EXISTS {g}dst", "GEORADIUS {g}w 0 50 1 m STORE {g}dst",
                "GEORADIUSBYMEMBER {g}w Palermo 50 km STORE {g}dst", "ZCARD {g}dst", "OBJECT ENCODING {g}dst",
                "GEORADIUSBYMEMBER {g}w Palermo 5000 km STORE {g}big", "ZCARD {g}big", "OBJECT ENCODING {g}big",
                "GEORADIUSBYMEMBER {g}w Palermo 5000 km STOREDIST {g}big", "ZRANGE {g}big 0 4 WITHSCORES",
                "SET {g}str v EX 100", "GEORADIUS {g}w 15 37 200 km STORE {g}str", "TYPE {g}str", "TTL {g}str",
                "GEORADIUS {g}missing 15 37 200 km STORE {g}str", "EXISTS {g}str", "GEORADIUS {g}missing 15 37 200 km STORE {g}str",
                "GEORADIUSBYMEMBER {g}missing x 1 km STOREDIST {g}dst", "GEORADIUS {g}w 15 37 200 km STORE {g}w",
                "ZRANGE {g}w 0 -1 WITHSCORES", "GEORADIUSBYMEMBER {g}w Palermo 10 km STORE {g}w", "ZCARD {g}w");
        same3("GEORADIUS", "{g}w", "15", "37", "200", "km", "STORE", "{g}x");
    }

    @Test
    void geosearchOptions() {
        world("w");
        for (String from : new String[] {"FROMMEMBER Palermo", "FROMLONLAT 15 37", "FROMMEMBER paris:5:5", "FROMLONLAT 179.95 -17.7",
                "FROMLONLAT -179.95 -17.7", "FROMMEMBER north-edge", "FROMMEMBER south-edge", "FROMLONLAT 0 0",
                "FROMMEMBER reykjavik:0:5", "FROMLONLAT 151 -34"}) {
            for (String by : new String[] {"BYRADIUS 200 km", "BYBOX 400 400 km", "BYBOX 100 600 km", "BYBOX 1000 10 mi",
                    "BYRADIUS 3000 ft", "BYBOX 1 1 m", "BYRADIUS 2000 km"}) {
                script("GEOSEARCH w " + from + " " + by, "GEOSEARCH w " + by + " " + from + " ASC WITHDIST",
                        "GEOSEARCH w " + from + " " + by + " DESC WITHCOORD WITHHASH",
                        "GEOSEARCH w " + from + " " + by + " COUNT 7", "GEOSEARCH w " + from + " " + by + " COUNT 7 ANY WITHDIST",
                        "GEOSEARCH w " + from + " " + by + " COUNT 4 DESC");
            }
        }
        script("GEOSEARCH w FROMMEMBER Palermo FROMMEMBER Catania BYRADIUS 10 km",
                "GEOSEARCH w BYRADIUS 10 km BYRADIUS 100 km FROMLONLAT 15 37", "GEOSEARCH w BYBOX 1 1 km BYBOX 300 300 km FROMLONLAT 15 37",
                "GEOSEARCH w FROMLONLAT 1 1 FROMLONLAT 15 37 BYRADIUS 100 km", "GEOSEARCH missing FROMMEMBER x BYRADIUS 1 km",
                "GEOSEARCH missing FROMLONLAT 1 1 BYBOX 1 1 km WITHDIST", "geosearch w frommember palermo byradius 1 km",
                "geosearch w frommember Palermo byradius 1 KM withdist", "GEOSEARCH w FROMLONLAT 15 37 BYRADIUS 200 km ANY COUNT 3 ASC");
        same3("GEOSEARCH", "w", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHCOORD", "WITHDIST", "WITHHASH");
        same3("GEOSEARCH", "w", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC");
    }

    @Test
    void geosearchErrors() {
        world("w");
        script("GEOSEARCH w FROMMEMBER Palermo", "GEOSEARCH w BYRADIUS 1 km", "GEOSEARCH w FROMLONLAT 1 1 WITHDIST",
                "geosearch w byradius 1 km withdist", "GeoSearch w FROMMEMBER Palermo ASC", "GEOSEARCH w ASC WITHDIST",
                "GEOSEARCH w FROMMEMBER Palermo FROMLONLAT 1 1 BYRADIUS 1 km", "GEOSEARCH w FROMLONLAT 1 1 FROMMEMBER Palermo BYRADIUS 1 km",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km BYBOX 1 1 km", "GEOSEARCH w FROMMEMBER Palermo BYBOX 1 1 km BYRADIUS 1 km",
                "GEOSEARCH w FROMMEMBER nobody BYRADIUS 1 km", "GEOSEARCH w BYRADIUS x km FROMMEMBER nobody",
                "GEOSEARCH w FROMMEMBER nobody BYRADIUS x km", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS x km",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS -1 km", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 furlong",
                "GEOSEARCH w FROMMEMBER Palermo BYBOX x 1 km", "GEOSEARCH w FROMMEMBER Palermo BYBOX 1 x km",
                "GEOSEARCH w FROMMEMBER Palermo BYBOX x y km", "GEOSEARCH w FROMMEMBER Palermo BYBOX -1 1 km",
                "GEOSEARCH w FROMMEMBER Palermo BYBOX 1 -1 km", "GEOSEARCH w FROMMEMBER Palermo BYBOX 1 1 yard",
                "GEOSEARCH w FROMMEMBER Palermo BYBOX -1 -1 yard", "GEOSEARCH w FROMLONLAT x 1 BYRADIUS 1 km",
                "GEOSEARCH w FROMLONLAT 1 x BYRADIUS 1 km", "GEOSEARCH w FROMLONLAT 1 91 BYRADIUS 1 km",
                "GEOSEARCH w FROMLONLAT 181 1 BYRADIUS 1 km", "GEOSEARCH w FROMLONLAT 1 BYRADIUS 1 km",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1", "GEOSEARCH w FROMMEMBER Palermo BYBOX 1 1",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km COUNT", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km COUNT 0",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km COUNT -1", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km COUNT 1.5",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km ANY", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km STORE dst",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km STOREDIST", "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km STOREDIST dst",
                "GEOSEARCH w FROMMEMBER Palermo BYRADIUS 1 km FOO", "GEOSEARCH missing FROMMEMBER x BYRADIUS 1 parsec",
                "GEOSEARCH missing FROMMEMBER x", "GEOSEARCH missing BYBOX 1 1 km", "GEOSEARCH missing FROMMEMBER x BYRADIUS 1 km ANY",
                "GEOSEARCH missing FROMLONLAT 500 1 BYRADIUS 1 km", "GEOSEARCH missing FROMMEMBER x BYRADIUS 1 km FOO",
                "SET s v", "GEOSEARCH s FROMMEMBER a BYRADIUS 1 km", "GEOSEARCH s FOO", "GEOSEARCH w", "GEOSEARCH w FROMMEMBER");
        same3("GEOSEARCH", "w", "FROMMEMBER", "Palermo");
        same3("GEOSEARCH", "w", "BYRADIUS", "1", "km", "FROMMEMBER", "Palermo", "COUNT", "0");
    }

    @Test
    void geosearchStore() {
        world("{g}w");
        script("GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km STOREDIST", "ZRANGE {g}dst 0 -1 WITHSCORES",
                "GEOSEARCHSTORE {g}dst {g}w FROMLONLAT 15 37 BYBOX 300 300 mi STOREDIST COUNT 5 DESC",
                "ZRANGE {g}dst 0 -1 WITHSCORES", "GEOSEARCHSTORE {g}dst {g}w FROMLONLAT 15 37 BYBOX 300 300 mi COUNT 5 ANY",
                "ZRANGE {g}dst 0 -1 WITHSCORES", "GEOSEARCHSTORE {g}dst {g}w FROMLONLAT 0 50 BYRADIUS 1 m", "EXISTS {g}dst",
                "GEOSEARCHSTORE {g}dst {g}w FROMLONLAT 0 50 BYRADIUS 1 m", "GEOSEARCHSTORE {g}dst {g}missing FROMMEMBER x BYRADIUS 1 m",
                "SET {g}dst v", "GEOSEARCHSTORE {g}dst {g}missing FROMMEMBER x BYRADIUS 1 m", "EXISTS {g}dst",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km WITHDIST",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km WITHHASH STOREDIST",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km WITHCOORD",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 100 km STORE {g}x",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo", "GEOSEARCHSTORE {g}dst {g}w BYRADIUS 1 km",
                "geosearchstore {g}dst {g}w byradius 1 km", "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER nobody BYRADIUS 1 km",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 1 km ANY",
                "GEOSEARCHSTORE {g}dst {g}w FROMMEMBER Palermo BYRADIUS 5000 km", "ZCARD {g}dst", "OBJECT ENCODING {g}dst",
                "SET {g}s v", "GEOSEARCHSTORE {g}dst {g}s FROMMEMBER Palermo BYRADIUS 1 km", "GEOSEARCHSTORE {g}s {g}w FROMMEMBER Palermo BYRADIUS 1 km",
                "TYPE {g}s", "SET {g}t v PX 100000", "GEOSEARCHSTORE {g}t {g}w FROMMEMBER Palermo BYRADIUS 1 km STOREDIST",
                "TTL {g}t", "ZRANGE {g}t 0 -1 WITHSCORES", "GEOSEARCHSTORE {g}w {g}w FROMMEMBER Palermo BYRADIUS 10 km",
                "ZRANGE {g}w 0 -1 WITHSCORES");
        same3("GEOSEARCHSTORE", "{g}d3", "{g}dst", "FROMLONLAT", "13.4", "38.1", "BYRADIUS", "100", "km");
    }

    @Test
    void equalDistancesKeepRedisOrderUnderFullAndPartialSorts() {
        // Thirty members at one spot and rings of members at equal spots: their distances tie, so
        // the order among them is the sort algorithm's (a stable merge sort without COUNT, the
        // partial quicksort with it).
        List<String> command = new ArrayList<>(List.of("GEOADD", "t"));
        for (int i = 0; i < 30; i++) {
            command.addAll(List.of("13.5", "38.2", "same" + i));
            command.addAll(List.of("13.6", "38.2", "other" + (29 - i)));
            command.addAll(List.of(i % 2 == 0 ? "13.4" : "13.7", "38.25", "pair" + i));
        }
        same(command.toArray(new String[0]));
        for (String options : new String[] {"", " ASC", " DESC", " COUNT 1", " COUNT 5", " COUNT 7 DESC", " COUNT 29", " COUNT 30",
                " COUNT 31 DESC", " COUNT 45", " COUNT 60 DESC", " COUNT 89", " COUNT 90", " COUNT 91", " COUNT 10 ANY",
                " COUNT 10 ANY DESC", " COUNT 50 ANY ASC"}) {
            script("GEOSEARCH t FROMLONLAT 13.5 38.2 BYRADIUS 100 km" + options,
                    "GEORADIUS t 13.55 38.21 100 km WITHDIST" + options,
                    "GEOSEARCH t FROMMEMBER same3 BYBOX 50 50 km WITHDIST" + options);
        }
    }

    @Test
    void polesAntimeridianAndHugeShapes() {
        world("w");
        for (String center : new String[] {"0 85.05112878", "0 -85.05112878", "180 0", "-180 0", "180 85", "-180 -85", "179.99 84.9",
                "-179.9999 84.9", "45 -84.5", "90 67", "-90 -67", "0 81", "0 -81", "100 -80.5"}) {
            for (String radius : new String[] {"1 km", "100 km", "600 km", "2500 km", "5000 km", "10000 km", "20000 km", "40000 km",
                    "inf m"}) {
                script("GEORADIUS w " + center + " " + radius + " ASC WITHDIST", "GEORADIUS w " + center + " " + radius,
                        "GEOSEARCH w FROMLONLAT " + center + " BYRADIUS " + radius + " COUNT 5 ANY");
            }
            for (String box : new String[] {"100 100 km", "2000 500 km", "40000 40000 km", "1e9 1e9 m", "1 40000 km", "40000 1 km"}) {
                script("GEOSEARCH w FROMLONLAT " + center + " BYBOX " + box + " ASC WITHDIST WITHCOORD",
                        "GEOSEARCH w FROMLONLAT " + center + " BYBOX " + box);
            }
        }
    }

    @Test
    void randomSearchesOverCityGrids() {
        world("w");
        Random random = new Random(20240607L);
        String[] cities = {"13.361389 38.115556", "2.3522 48.8566", "139.6917 35.6895", "151.2093 -33.8688",
                "-21.9426 64.1466", "179.8 -17.7", "-78.4678 -0.1807"};
        for (int i = 0; i < 300; i++) {
            String[] city = cities[random.nextInt(cities.length)].split(" ");
            double lon = Math.max(-180, Math.min(180, Double.parseDouble(city[0]) + (random.nextDouble() - 0.5) * 2));
            double lat = Double.parseDouble(city[1]) + (random.nextDouble() - 0.5) * 2;
            String unit = UNITS[random.nextInt(UNITS.length)];
            double meters = Math.pow(10, 2 + random.nextDouble() * 4.5);
            double size = meters / switch (unit) {
                case "km" -> 1000;
                case "ft" -> 0.3048;
                case "mi" -> 1609.34;
                default -> 1;
            };
            String shape = random.nextBoolean() ? "BYRADIUS " + coordinate(size) + " " + unit
                    : "BYBOX " + coordinate(size * (0.5 + random.nextDouble())) + " " + coordinate(size * (0.5 + random.nextDouble())) + " " + unit;
            String order = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> " ASC";
                case 2 -> " DESC";
                default -> " COUNT " + (1 + random.nextInt(40)) + (random.nextBoolean() ? " ANY" : "") + (random.nextBoolean() ? " DESC" : "");
            };
            script("GEOSEARCH w FROMLONLAT " + coordinate(lon) + " " + coordinate(lat) + " " + shape + order + " WITHDIST WITHHASH WITHCOORD");
        }
    }
}
