package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * Multi-key commands over keys of different slots get CROSSSLOT, as on a real cluster node
 * (the oracle runs in cluster mode): every key a command names counts, destinations included.
 */
class CrossSlotIT extends ComparisonSupport {

    @Test
    void sortedSetCommands() {
        script("ZADD a 1 x", "ZADD b 1 x", "ZUNIONSTORE a 2 a b", "ZUNION 2 a b", "ZINTER 2 a b", "ZINTERSTORE c 1 a",
                "ZDIFF 2 a b", "ZDIFFSTORE c 1 a", "ZINTERCARD 2 a b", "ZRANGESTORE c a 0 -1", "ZMPOP 2 a b MIN",
                "BZPOPMIN a b 0.01", "BZMPOP 0.01 2 a b MAX", "ZUNIONSTORE {t}a 2 {t}b {t}c");
    }

    @Test
    void streamSetListAndKeyCommands() {
        script("XADD a 1-1 f v", "XADD b 1-1 f v", "XREAD STREAMS a b 0 0", "XGROUP CREATE a g 0",
                "XREADGROUP GROUP g c STREAMS a b > >", "SADD s1 1", "SMOVE s1 s2 1", "SINTERSTORE d s1 s2",
                "LMPOP 2 a b LEFT", "BLMPOP 0.01 2 a b LEFT", "RPUSH l 3 1", "SORT l STORE dest", "SORT l STORE {l}x",
                "SORT_RO l", "SORT l BY nosort STORE l", "COPY a b", "RENAME a b", "SETBIT x 1 1", "BITOP AND x y",
                "BITFIELD_RO x GET u8 0");
    }

    @Test
    void sortByAndGetAreRefusedAsAClusterNodeRefusesThem() {
        script("RPUSH l 2 1", "SORT l BY weight_*", "SORT l GET #", "SORT_RO l GET obj_*", "SORT l LIMIT 0 1 BY w_* GET #",
                "SORT l BY nosort GET #");
    }
}
