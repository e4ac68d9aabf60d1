package dev.embeddedcluster.cluster;

/**
 * Where a command with keys must run, as decided by {@link SlotRouter}. {@link #LOCAL} means here;
 * every other route is the error the client receives.
 */
public record Route(Kind kind, int slot, NodeInfo target) {
    public static final Route LOCAL = new Route(Kind.LOCAL, -1, null);

    // Redis's texts for the redirections (command.Errors names them for the handlers)
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
    public static final String CLUSTERDOWN_UNBOUND = "CLUSTERDOWN Hash slot not served";
    public static final String CLUSTERDOWN_STATE = "CLUSTERDOWN The cluster is down";

    public enum Kind { LOCAL, MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN_UNBOUND, CLUSTERDOWN_STATE }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    public String errorText() {
        return switch (kind) {
            case LOCAL -> throw new IllegalStateException("a local route has no error");
            case MOVED -> moved(slot, target.host(), target.port());
            case ASK -> ask(slot, target.host(), target.port());
            case TRYAGAIN -> TRYAGAIN;
            case CROSSSLOT -> CROSSSLOT;
            case CLUSTERDOWN_UNBOUND -> CLUSTERDOWN_UNBOUND;
            case CLUSTERDOWN_STATE -> CLUSTERDOWN_STATE;
        };
    }

    public static String moved(int slot, String host, int port) {
        return "MOVED " + slot + " " + host + ":" + port;
    }

    public static String ask(int slot, String host, int port) {
        return "ASK " + slot + " " + host + ":" + port;
    }
}
