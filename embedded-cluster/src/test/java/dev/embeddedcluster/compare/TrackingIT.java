package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/** Client-side caching (CLIENT TRACKING and its invalidations) against a real redis-server. */
class TrackingIT extends ComparisonSupport {

    private static String masked(String reply) {
        return reply.replaceAll(":\\d+\r\n", ":#\r\n");
    }

    @Test
    void readKeysAreInvalidatedWhenAnyoneWritesThem() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient writer = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("GET", "{c}k"));
                t.add(tracker.call("MGET", "{c}a", "{c}b"));
                t.add(writer.call("SET", "{c}k", "v"));
                t.add(tracker.readReply());
                t.add(writer.call("SET", "{c}k", "again"));
                t.add(writer.call("MSET", "{c}a", "1", "{c}b", "2"));
                t.add(tracker.readReply());
                t.add(tracker.readReply());
                t.add(tracker.call("GET", "{c}k"));
                t.add(tracker.call("SET", "{c}k", "mine"));
                t.add(tracker.readReply());
                t.add(tracker.call("GET", "{c}k"));
                t.add(writer.call("FLUSHALL"));
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "TRACKINGINFO"));
                t.add(tracker.call("CLIENT", "GETREDIR"));
                t.add(tracker.call("CLIENT", "TRACKING", "OFF"));
                t.add(tracker.call("CLIENT", "GETREDIR"));
            }
        });
    }

    @Test
    void noLoopOptInAndOptOut() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient writer = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "NOLOOP"));
                t.add(tracker.call("GET", "{n}k"));
                t.add(tracker.call("SET", "{n}k", "mine"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "OPTIN"));
                t.add(tracker.call("CLIENT", "TRACKING", "OFF"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "OPTIN"));
                t.add(tracker.call("GET", "{n}untracked"));
                t.add(tracker.call("CLIENT", "CACHING", "YES"));
                t.add(tracker.call("CLIENT", "TRACKINGINFO"));
                t.add(tracker.call("GET", "{n}tracked"));
                t.add(tracker.call("CLIENT", "TRACKINGINFO"));
                t.add(writer.call("MSET", "{n}untracked", "1", "{n}tracked", "2"));
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "CACHING", "NO"));
                t.add(tracker.call("CLIENT", "TRACKING", "OFF"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "OPTOUT"));
                t.add(tracker.call("CLIENT", "CACHING", "NO"));
                t.add(tracker.call("GET", "{n}skipped"));
                t.add(tracker.call("GET", "{n}tracked"));
                t.add(writer.call("MSET", "{n}skipped", "1", "{n}tracked", "3"));
                t.add(tracker.readReply());
            }
        });
    }

    @Test
    void broadcastByPrefix() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient writer = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "{u}user:", "PREFIX", "{u}cfg"));
                t.add(writer.call("MSET", "{u}user:2", "b", "{u}user:1", "a", "{u}other", "x"));
                t.add(tracker.readReply());
                t.add(writer.call("SET", "{u}cfg", "1"));
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "TRACKINGINFO"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "{u}user:x"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "PREFIX", "a"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("CLIENT", "TRACKING", "OFF"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "ab", "PREFIX", "a"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "BCAST", "OPTIN"));
            }
        });
    }

    @Test
    void resp2ClientsGetInvalidationsThroughARedirection() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient listener = connect.get(); RespClient writer = connect.get()) {
                String listenerId = listener.call("CLIENT", "ID").replaceAll("[^0-9]", "");
                t.add(listener.call("SUBSCRIBE", "__redis__:invalidate"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "REDIRECT", listenerId));
                t.add(masked(tracker.call("CLIENT", "GETREDIR")));
                t.add(tracker.call("GET", "{r}k"));
                t.add(writer.call("SET", "{r}k", "v"));
                t.add(listener.readReply());
                t.add(writer.call("FLUSHALL"));
                t.add(listener.readReply());
                t.add(masked(tracker.call("CLIENT", "TRACKINGINFO")));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "REDIRECT", "999999"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "REDIRECT", listenerId, "REDIRECT", listenerId));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "REDIRECT", "x"));
                t.add(tracker.call("CLIENT", "TRACKING", "MAYBE"));
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "FOO"));
                t.add(tracker.call("CLIENT", "CACHING", "YES"));
            }
        });
    }

    @Test
    void cachingErrors() {
        script("CLIENT CACHING YES", "CLIENT TRACKING ON", "CLIENT CACHING YES", "CLIENT CACHING NO", "CLIENT CACHING MAYBE",
                "CLIENT TRACKING ON OPTIN OPTOUT", "CLIENT TRACKING ON OPTIN", "CLIENT TRACKING ON OPTOUT", "CLIENT TRACKING OFF",
                "CLIENT TRACKING ON OPTOUT", "CLIENT CACHING YES", "CLIENT CACHING NO", "CLIENT TRACKING ON BCAST",
                "CLIENT TRACKINGINFO");
    }
}
