package dev.embeddedcluster.command.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorStatsTest {

    @Test
    void countsByFirstWordInByteOrder() {
        ErrorStats errors = new ErrorStats();
        errors.errorReplied("WRONGTYPE Operation against a key");
        errors.errorReplied("ERR unknown command");
        errors.errorReplied("ERR syntax error");
        errors.errorReplied("MOVED 1 127.0.0.1:1");
        StringBuilder out = new StringBuilder();
        errors.render(out);
        assertThat(out).hasToString("errorstat_ERR:count=2\r\nerrorstat_MOVED:count=1\r\nerrorstat_WRONGTYPE:count=1\r\n");
        assertThat(errors.total()).isEqualTo(4);
    }

    @Test
    void aFailureIsAnErrorSinceTheLastLookOrARelayedOne() {
        ErrorStats errors = new ErrorStats();
        assertThat(errors.takeFailure()).isFalse();
        errors.errorReplied("ERR x");
        assertThat(errors.takeFailure()).isTrue();
        assertThat(errors.takeFailure()).isFalse();
        errors.errorRelayed();
        assertThat(errors.takeFailure()).isTrue();
        assertThat(errors.total()).isEqualTo(1);
    }

    @Test
    void aCodeIsAWordOfAtMost30CharactersFollowedByASpace() {
        ErrorStats errors = new ErrorStats();
        errors.errorReplied("NOSPACE");
        errors.errorReplied("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234 x");
        errors.errorReplied("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 x");
        StringBuilder out = new StringBuilder();
        errors.render(out);
        assertThat(out).hasToString("errorstat_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123:count=1\r\nerrorstat_ERR:count=2\r\n");
    }

    @Test
    void keepsEveryPrefixAsRedis70Does() {
        ErrorStats errors = new ErrorStats();
        for (int i = 0; i < 130; i++) {
            errors.errorReplied("E" + i + " text");
        }
        StringBuilder out = new StringBuilder();
        errors.render(out);
        assertThat(out.toString().split("\r\n")).hasSize(130);
        assertThat(errors.total()).isEqualTo(130);
    }
}
