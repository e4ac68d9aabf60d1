package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SAVE, BGSAVE, LASTSAVE and INFO persistence against a real redis-server: replies, errors, the
 * changes counted since the last save and the fields INFO lists. Each server writes its own file
 * in its own dir (RdbInteropIT loads ours into a real server).
 */
class PersistenceIT extends ComparisonSupport {

    @Test
    void saveAndItsErrors() {
        script("SET {p}a 1", "SAVE", "SAVE x", "BGSAVE x", "BGSAVE SCHEDULE x", "BGSAVE foo", "LASTSAVE x",
                "COMMAND INFO save bgsave lastsave");
        same("EVAL", "return redis.pcall('save')", "0");
        same("EVAL", "return redis.pcall('bgsave')", "0");
    }

    @Test
    void bgsaveInsideATransactionIsScheduled() {
        script("MULTI", "BGSAVE", "SET {p}b 2", "EXEC");
    }

    @Test
    void changesSinceTheLastSaveAndTheSaveTime() {
        same("SAVE");
        assertThat(field("rdb_changes_since_last_save")).containsOnly("0");
        script("SET {p}a 1", "SET {p}b 2", "INCR {p}n", "GET {p}a", "DEL {p}zz");
        assertThat(field("rdb_changes_since_last_save")).containsOnly("3");
        String[] time = replies("TIME");
        same("SAVE");
        String[] lastSave = replies("LASTSAVE");
        for (int i = 0; i < 2; i++) {
            long now = Long.parseLong(time[i].split("\r\n")[2]);
            long saved = Long.parseLong(lastSave[i].substring(1).trim());
            assertThat(saved).as("LASTSAVE on side %d", i).isBetween(now, now + 2);
        }
        assertThat(field("rdb_last_save_time")).containsExactly(lastSave[0].substring(1).trim(),
                lastSave[1].substring(1).trim());
        assertThat(field("rdb_changes_since_last_save")).containsOnly("0");
        assertThat(field("rdb_last_bgsave_status")).containsOnly("ok");
    }

    @Test
    void infoPersistenceListsRedisFields() {
        String[] info = replies("INFO", "persistence");
        assertThat(names(info[1])).containsExactlyElementsOf(names(info[0]));
    }

    /** A field of INFO persistence on each side: {real, emulated}. */
    private String[] field(String name) {
        return Arrays.stream(replies("INFO", "persistence")).map(reply -> reply.lines()
                .filter(line -> line.startsWith(name + ":")).map(line -> line.substring(name.length() + 1))
                .findFirst().orElse(null)).toArray(String[]::new);
    }

    private static List<String> names(String info) {
        return info.lines().filter(line -> line.contains(":")).map(line -> line.substring(0, line.indexOf(':'))).toList();
    }
}
