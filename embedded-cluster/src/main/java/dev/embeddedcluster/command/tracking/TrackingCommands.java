package dev.embeddedcluster.command.tracking;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR and CLIENT TRACKINGINFO, checked in Redis's order. */
public final class TrackingCommands {
    private TrackingCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("client|tracking", TrackingCommands::tracking);
        registry.accept("client|caching", TrackingCommands::caching);
        registry.accept("client|getredir", r -> r.reply().integer(redirect(r.client())));
        registry.accept("client|trackinginfo", TrackingCommands::info);
    }

    private static long redirect(Client client) {
        return client.tracking() == null ? -1 : client.tracking().redirect;
    }

    private static void tracking(Request r) {
        long redirect = 0;
        boolean broadcast = false;
        boolean optIn = false;
        boolean optOut = false;
        boolean noLoop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < r.argc(); j++) {
            boolean more = j + 1 < r.argc();
            if (r.is(j, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    r.reply().error(Errors.TRACKING_ONE_REDIRECT);
                    return;
                }
                Long id = RedisNumbers.parseLong(r.arg(j));
                if (id == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (r.node().clients().get(id) == null) {
                    r.reply().error(Errors.TRACKING_NO_REDIRECT_CLIENT);
                    return;
                }
                redirect = id;
            } else if (r.is(j, "bcast")) {
                broadcast = true;
            } else if (r.is(j, "optin")) {
                optIn = true;
            } else if (r.is(j, "optout")) {
                optOut = true;
            } else if (r.is(j, "noloop")) {
                noLoop = true;
            } else if (r.is(j, "prefix") && more) {
                prefixes.add(r.arg(++j));
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        Client client = r.client();
        TrackingMode current = client.tracking();
        if (r.is(2, "off")) {
            r.node().tracking().disable(client);
            r.reply().ok();
            return;
        }
        if (!r.is(2, "on")) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        String problem = null;
        if (!broadcast && !prefixes.isEmpty()) {
            problem = Errors.TRACKING_PREFIX_WITHOUT_BCAST;
        } else if (current != null && current.broadcast != broadcast) {
            problem = Errors.TRACKING_SWITCH_BCAST;
        } else if (broadcast && (optIn || optOut)) {
            problem = Errors.TRACKING_OPTIN_OPTOUT_BCAST;
        } else if (optIn && optOut) {
            problem = Errors.TRACKING_OPTIN_AND_OPTOUT;
        } else if (current != null && ((optIn && current.optOut) || (optOut && current.optIn))) {
            problem = Errors.TRACKING_SWITCH_OPTIN;
        } else if (broadcast) {
            problem = prefixCollision(current, prefixes);
        }
        if (problem != null) {
            r.reply().error(problem);
            return;
        }
        List<byte[]> allPrefixes = new ArrayList<>(prefixes);
        if (current != null && current.broadcast) {
            allPrefixes.addAll(0, current.prefixes);
        }
        if (broadcast && prefixes.isEmpty() && allPrefixes.stream().noneMatch(p -> p.length == 0)) {
            allPrefixes.add(0, new byte[0]); // BCAST without PREFIX: every key, the empty prefix as Redis lists it
        }
        r.node().tracking().enable(client, new TrackingMode(redirect, broadcast, optIn, optOut, noLoop, allPrefixes));
        r.reply().ok();
    }

    /** Redis refuses prefixes that overlap one another or the client's earlier ones. */
    private static String prefixCollision(TrackingMode current, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (current != null) {
                for (byte[] existing : current.prefixes) {
                    if (overlap(existing, prefixes.get(i))) {
                        return Errors.trackingPrefixOverlapsExisting(text(prefixes.get(i)), text(existing));
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(prefixes.get(i), prefixes.get(j))) {
                    return Errors.trackingPrefixOverlapsProvided(text(prefixes.get(i)), text(prefixes.get(j)));
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int shorter = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, shorter, b, 0, shorter);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void caching(Request r) {
        TrackingMode mode = r.client().tracking();
        if (mode == null) {
            r.reply().error(Errors.CACHING_WITHOUT_TRACKING);
            return;
        }
        if (r.is(2, "yes")) {
            if (!mode.optIn) {
                r.reply().error(Errors.CACHING_YES_WITHOUT_OPTIN);
                return;
            }
        } else if (r.is(2, "no")) {
            if (!mode.optOut) {
                r.reply().error(Errors.CACHING_NO_WITHOUT_OPTOUT);
                return;
            }
        } else {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        mode.caching = true;
        r.reply().ok();
    }

    private static void info(Request r) {
        TrackingMode mode = r.client().tracking();
        RespWriter w = r.reply();
        w.mapHeader(3);
        w.bulk("flags");
        List<String> flags = new ArrayList<>();
        flags.add(mode == null ? "off" : "on");
        if (mode != null) {
            if (mode.broadcast) {
                flags.add("bcast");
            }
            if (mode.optIn) {
                flags.add("optin");
                if (mode.caching) {
                    flags.add("caching-yes");
                }
            }
            if (mode.optOut) {
                flags.add("optout");
                if (mode.caching) {
                    flags.add("caching-no");
                }
            }
            if (mode.noLoop) {
                flags.add("noloop");
            }
            if (mode.brokenRedirect) {
                flags.add("broken_redirect");
            }
        }
        w.setHeader(flags.size());
        flags.forEach(w::bulk);
        w.bulk("redirect");
        w.integer(redirect(r.client()));
        w.bulk("prefixes");
        List<byte[]> prefixes = new ArrayList<>(mode == null ? List.of() : mode.prefixes);
        prefixes.sort(Arrays::compareUnsigned);
        w.arrayHeader(prefixes.size());
        prefixes.forEach(w::bulk);
    }
}
