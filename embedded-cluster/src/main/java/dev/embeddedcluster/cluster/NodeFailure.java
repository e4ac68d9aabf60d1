package dev.embeddedcluster.cluster;

/**
 * What the cluster knows of a node that stopped answering (killed, paused or cut off): since when,
 * how far the others have got in declaring it failed, and which replica took over its slots, if
 * one did.
 *
 * @param failedAtMillis when it was flagged FAIL, or -1 before
 * @param replacedBy the replica promoted in its place, or null while none was
 * @param answering whether it answers again while still flagged FAIL: a master back at slots no
 *                  replica took, which Redis un-fails only after twice the node timeout
 * @param linkUp whether its connections stay up though it answers nothing: a stopped process
 *               (SIGSTOP), whose kernel still accepts and buffers, unlike a dead or cut-off one
 */
public record NodeFailure(long sinceMillis, Level level, long failedAtMillis, String replacedBy, boolean answering,
                          boolean linkUp) {

    /** Redis's view of an unreachable node: its link down, then PFAIL ({@code fail?}), then FAIL. */
    public enum Level { DISCONNECTED, PFAIL, FAIL }

    /** How many node timeouts a master back at its slots stays flagged FAIL (Redis's CLUSTER_FAIL_UNDO_TIME_MULT). */
    public static final int FAIL_UNDO_TIMEOUTS = 2;

    /** Silent from {@code millis} on, its connections gone (a dead process, a partition). */
    public static NodeFailure startingAt(long millis) {
        return new NodeFailure(millis, Level.DISCONNECTED, -1, null, false, false);
    }

    /** Silent from {@code millis} on, its connections still up (a stopped process). */
    public static NodeFailure stoppedAt(long millis) {
        return new NodeFailure(millis, Level.DISCONNECTED, -1, null, false, true);
    }

    /** The stopped process died: its connections are gone too. */
    public NodeFailure linkLost() {
        return new NodeFailure(sinceMillis, level, failedAtMillis, replacedBy, answering, false);
    }

    /** Suspected: flagged {@code fail?}. */
    public NodeFailure suspected() {
        return new NodeFailure(sinceMillis, Level.PFAIL, -1, replacedBy, answering, linkUp);
    }

    /** Flagged FAIL at {@code nowMillis}. */
    public NodeFailure failedAt(long nowMillis) {
        return new NodeFailure(sinceMillis, Level.FAIL, nowMillis, replacedBy, answering, linkUp);
    }

    public NodeFailure replacedBy(String replicaId) {
        return new NodeFailure(sinceMillis, level, failedAtMillis, replicaId, answering, linkUp);
    }

    /** The node answers again, its FAIL flag kept for now. */
    public NodeFailure answeringAgain() {
        return new NodeFailure(sinceMillis, level, failedAtMillis, replacedBy, true, linkUp);
    }

    public boolean failed() {
        return level == Level.FAIL;
    }

    /** Whether a master flagged FAIL and answering again is un-failed by now. */
    public boolean undoneAt(long nowMillis, long nodeTimeoutMillis) {
        return answering && nowMillis - failedAtMillis > FAIL_UNDO_TIMEOUTS * nodeTimeoutMillis;
    }
}
