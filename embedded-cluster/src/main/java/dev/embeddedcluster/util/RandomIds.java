package dev.embeddedcluster.util;

import java.util.concurrent.ThreadLocalRandom;

/** The 40-hex-digit random identifiers Redis uses for node ids, run ids and replication ids. */
public final class RandomIds {
    private RandomIds() {
    }

    public static String hex40() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[40];
        for (int i = 0; i < id.length; i++) {
            id[i] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(id);
    }
}
