package dev.embeddedcluster.cluster;

import dev.embeddedcluster.command.Errors;

/**
 * Where a command with keys must run, as decided by {@link SlotRouter}. {@link #LOCAL} means here;
 * every other route is the error the client receives.
 */
public record Route(Kind kind, int slot, NodeInfo target) {
    public static final Route LOCAL = new Route(Kind.LOCAL, -1, null);

    public enum Kind { LOCAL, MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN_UNBOUND, CLUSTERDOWN_STATE }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    public String errorText() {
        return switch (kind) {
            case LOCAL -> throw new IllegalStateException("a local route has no error");
            case MOVED -> Errors.moved(slot, target.host(), target.port());
            case ASK -> Errors.ask(slot, target.host(), target.port());
            case TRYAGAIN -> Errors.TRYAGAIN;
            case CROSSSLOT -> Errors.CROSSSLOT;
            case CLUSTERDOWN_UNBOUND -> Errors.CLUSTERDOWN_UNBOUND;
            case CLUSTERDOWN_STATE -> Errors.CLUSTERDOWN_STATE;
        };
    }
}
