package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.CommandTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclUserTest {
    private static final CommandTable TABLE = CommandTable.standard();

    private static AclUser user(String... rules) throws AclRuleException {
        AclUser user = new AclUser("u", false);
        for (String rule : rules) {
            user.apply(rule, false);
        }
        return user;
    }

    private static int check(AclUser user, String line) {
        byte[][] args = java.util.Arrays.stream(line.split(" ")).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        return user.check(TABLE.resolve(args), args, new int[1]);
    }

    @Test
    void theDefaultUserIsUnrestrictedUntilItLosesAPermission() throws AclRuleException {
        AclUser user = AclUser.createDefault();
        assertThat(user.unrestricted()).isTrue();
        assertThat(user.describe()).isEqualTo("on nopass ~* &* +@all");
        user.apply("-flushall", true);
        assertThat(user.unrestricted()).isFalse();
        assertThat(user.describe()).isEqualTo("on nopass ~* &* +@all -flushall");
    }

    @Test
    void keyPatternsGrantTheAccessTheirKeySpecsAskFor() throws AclRuleException {
        AclUser user = user("+@all", "%R~r*", "%W~w*", "~k*");
        assertThat(check(user, "GET r1")).isEqualTo(Selector.OK);
        assertThat(check(user, "SET r1 v")).isEqualTo(Selector.DENIED_KEY);
        assertThat(check(user, "SET w1 v")).isEqualTo(Selector.OK);
        assertThat(check(user, "GET w1")).isEqualTo(Selector.DENIED_KEY);
        assertThat(check(user, "COPY r1 w1")).isEqualTo(Selector.OK);
        assertThat(check(user, "COPY w1 r1")).isEqualTo(Selector.DENIED_KEY);
        assertThat(check(user, "SET k v GET")).isEqualTo(Selector.OK);
    }

    @Test
    void aSelectorAllowsWhatTheRootDoesNot() throws AclRuleException {
        AclUser user = user("+get", "~a*", "(+set ~b*)");
        assertThat(check(user, "GET a1")).isEqualTo(Selector.OK);
        assertThat(check(user, "SET b1 v")).isEqualTo(Selector.OK);
        assertThat(check(user, "SET a1 v")).isEqualTo(Selector.DENIED_KEY);
        assertThat(check(user, "DEL a1")).isEqualTo(Selector.DENIED_COMMAND);
        assertThat(user.describe()).isEqualTo("off ~a* resetchannels -@all +get (~b* resetchannels -@all +set)");
    }

    @Test
    void channelsMatchAsPatternsButSubscribedPatternsLiterally() throws AclRuleException {
        AclUser user = user("+@all", "&news.*");
        assertThat(check(user, "PUBLISH news.today m")).isEqualTo(Selector.OK);
        assertThat(check(user, "PSUBSCRIBE news.today")).isEqualTo(Selector.DENIED_CHANNEL);
        assertThat(check(user, "PSUBSCRIBE news.*")).isEqualTo(Selector.OK);
        assertThat(check(user, "SUBSCRIBE news.a other")).isEqualTo(Selector.DENIED_CHANNEL);
    }

    @Test
    void firstArgumentsOpenAnOtherwiseDeniedCommand() throws AclRuleException {
        AclUser user = user("+select|0");
        assertThat(check(user, "SELECT 0")).isEqualTo(Selector.OK);
        assertThat(check(user, "SELECT 1")).isEqualTo(Selector.DENIED_COMMAND);
        assertThatThrownBy(() -> user("+client|list|x")).hasMessage(AclRuleException.SUBCOMMAND_FIRST_ARG);
    }

    @Test
    void passwordsAreKeptAsSha256AndCompared() throws AclRuleException {
        AclUser user = user(">secret");
        assertThat(user.passwords()).containsExactly("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
        assertThat(user.accepts("secret")).isTrue();
        assertThat(user.accepts("other")).isFalse();
        assertThatThrownBy(() -> user.apply("<other", false)).hasMessage(AclRuleException.NO_SUCH_PASSWORD);
    }

    @Test
    void selectorArgumentsMergeUntilTheirParenthesisCloses() {
        assertThat(SelectorText.merge(List.of("on", "(+get", "~a)", "(+set)"), new int[1]))
                .containsExactly("on", "(+get ~a)", "(+set)");
        int[] unclosed = new int[1];
        assertThat(SelectorText.merge(List.of("on", "(+get", "~a"), unclosed)).isNull();
        assertThat(unclosed[0]).isEqualTo(1);
    }

    @Test
    void categoriesAreChosenGreedilyBeforeSingleCommands() throws AclRuleException {
        assertThat(user("+@hash", "-hset").selectors().get(0).commandRules()).isEqualTo("-@all +@hash -hset");
        assertThat(user("+@all", "-@dangerous").selectors().get(0).commandRules()).isEqualTo("+@all -@dangerous");
        assertThat(user("+@read", "+@write").selectors().get(0).commandRules()).isEqualTo("-@all +@write +@read");
    }
}
