package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.geo.PlaceFinder.Place;
import dev.embeddedcluster.command.sortedsets.Results;
import dev.embeddedcluster.command.sortedsets.SortedSetCommands;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RespWriter;

import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS family, one search as in Redis (geo.c's
 * georadiusGeneric): find the places in the shape, order them if asked (COUNT without ANY asks
 * for nearest first), then reply them or store them.
 */
final class SearchCommands {
    /** Redis's distance comparator, which calls a distance that is not a number smaller than any. */
    private static final Comparator<Place> NEAREST_FIRST = (a, b) ->
            a.distance() > b.distance() ? 1 : a.distance() == b.distance() ? 0 : -1;

    private SearchCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        for (SearchForm form : SearchForm.values()) {
            registry.accept(form.name().toLowerCase(java.util.Locale.ROOT), r -> search(r, form));
        }
    }

    private static void search(Request r, SearchForm form) {
        SortedSetValue source = SortedSetCommands.read(r, r.arg(form.sourceIndex));
        if (source == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        SearchQuery query = SearchQuery.parse(r, form, source);
        if (query == null) {
            return;
        }
        if (source == null) {
            if (query.storeKey != null) {
                Results.store(r, query.storeKey, new SortedSetValue(r.keyspace().limits()), storeEvent(form), true);
            } else {
                r.reply().arrayHeader(0);
            }
            return;
        }
        SearchQuery.Order order = query.order;
        if (query.count != 0 && order == SearchQuery.Order.NONE && !query.any) {
            order = SearchQuery.Order.ASC;
        }
        Shape shape = query.shapeAtCenter();
        List<Place> found = PlaceFinder.find(source, shape, query.any ? query.count : 0);
        if (found.isEmpty() && query.storeKey == null) {
            r.reply().arrayHeader(0);
            return;
        }
        Place[] places = found.toArray(new Place[0]);
        int returned = query.count == 0 || places.length < query.count ? places.length : (int) query.count;
        if (order != SearchQuery.Order.NONE) {
            Comparator<Place> comparator = order == SearchQuery.Order.ASC ? NEAREST_FIRST : (a, b) -> -NEAREST_FIRST.compare(a, b);
            if (returned == places.length) {
                MergeSort.sort(places, comparator);
            } else {
                PartialQuickSort.sort(places, comparator, 0, returned - 1);
            }
        }
        if (query.storeKey == null) {
            reply(r.reply(), query, places, returned, shape.toMeters());
            return;
        }
        SortedSetValue result = new SortedSetValue(r.keyspace().limits());
        for (int i = 0; i < returned; i++) {
            Place place = places[i];
            result.put(place.member(), query.storeDist ? place.distance() / shape.toMeters() : place.score());
        }
        Results.store(r, query.storeKey, result, storeEvent(form), true);
    }

    private static String storeEvent(SearchForm form) {
        return form.isGeosearch() ? "geosearchstore" : "georadiusstore";
    }

    /** Each place as its member alone, or as an array of the member and what the options ask, in Redis's order. */
    private static void reply(RespWriter reply, SearchQuery query, Place[] places, int returned, double toMeters) {
        int extras = (query.withDist ? 1 : 0) + (query.withHash ? 1 : 0) + (query.withCoord ? 1 : 0);
        reply.arrayHeader(returned);
        for (int i = 0; i < returned; i++) {
            Place place = places[i];
            if (extras > 0) {
                reply.arrayHeader(extras + 1);
            }
            reply.bulk(place.member());
            if (query.withDist) {
                GeoCommands.distance(reply, place.distance() / toMeters);
            }
            if (query.withHash) {
                reply.integer((long) place.score());
            }
            if (query.withCoord) {
                GeoCommands.position(reply, place.longitude(), place.latitude());
            }
        }
    }
}
