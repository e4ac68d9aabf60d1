package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;

/** ZADD's flags (NX, XX, GT, LT, CH, INCR) and where its score-member pairs start. */
record ZaddOptions(boolean nx, boolean xx, boolean gt, boolean lt, boolean ch, boolean incr, int firstScore) {

    /**
     * Reads the flags that lead the arguments after the key, then checks the pairs and the
     * combinations in Redis's order; null after replying the error.
     */
    static ZaddOptions parse(Request r, boolean incrCommand) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrCommand;
        int i = 2;
        for (; i < r.argc(); i++) {
            if (r.is(i, "nx")) {
                nx = true;
            } else if (r.is(i, "xx")) {
                xx = true;
            } else if (r.is(i, "ch")) {
                ch = true;
            } else if (r.is(i, "incr")) {
                incr = true;
            } else if (r.is(i, "gt")) {
                gt = true;
            } else if (r.is(i, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int arguments = r.argc() - i;
        if (arguments == 0 || arguments % 2 != 0) {
            r.reply().error(Errors.SYNTAX);
            return null;
        }
        if (nx && xx) {
            r.reply().error(Errors.ZADD_NX_WITH_XX);
            return null;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            r.reply().error(Errors.ZADD_NX_GT_LT);
            return null;
        }
        if (incr && arguments > 2) {
            r.reply().error(Errors.ZADD_INCR_PAIRS);
            return null;
        }
        return new ZaddOptions(nx, xx, gt, lt, ch, incr, i);
    }
}
