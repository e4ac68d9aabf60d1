package dev.embeddedcluster.cluster;

/**
 * What the cluster knows of a node that stopped answering (killed or paused): since when, how far
 * the others have got in declaring it failed, and which replica took over its slots, if one did.
 *
 * @param replacedBy the replica promoted in its place, or null while none was
 */
public record NodeFailure(long sinceMillis, Level level, String replacedBy) {

    /** Redis's view of an unreachable node: its link down, then PFAIL ({@code fail?}), then FAIL. */
    public enum Level { DISCONNECTED, PFAIL, FAIL }

    public static NodeFailure startingAt(long millis) {
        return new NodeFailure(millis, Level.DISCONNECTED, null);
    }

    public NodeFailure at(Level next) {
        return new NodeFailure(sinceMillis, next, replacedBy);
    }

    public NodeFailure replacedBy(String replicaId) {
        return new NodeFailure(sinceMillis, level, replicaId);
    }

    public boolean failed() {
        return level == Level.FAIL;
    }
}
