package dev.embeddedcluster.command;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void standardTableIsParsedOnce() {
        assertThat(CommandTable.standard()).isSameAs(table);
    }

    @Test
    void lookupIgnoresCase() {
        CommandSpec get = table.lookup(b("get"));
        assertThat(get).isNotNull();
        assertThat(table.lookup(b("GET"))).isSameAs(get);
        assertThat(table.lookup(b("gEt"))).isSameAs(get);
        assertThat(table.lookup("Get")).isSameAs(get);
        assertThat(table.lookup(b("nosuch"))).isNull();
        assertThat(table.lookup(b(""))).isNull();
        assertThat(table.lookup(b("ge"))).isNull();
        assertThat(table.lookup(b("gett"))).isNull();
        // Only ASCII letters fold: the Kelvin sign is not 'k'.
        assertThat(table.lookup(b("\u212Aeys"))).isNull();
    }

    @Test
    void getAsRedisReportsIt() {
        CommandSpec get = table.lookup("get");
        assertThat(get.fullName()).isEqualTo("get");
        assertThat(get.name()).isEqualTo("get");
        assertThat(get.arity()).isEqualTo(2);
        assertThat(get.shownFlags()).containsExactly(CommandFlag.READONLY, CommandFlag.FAST);
        assertThat(get.has(CommandFlag.READONLY)).isTrue();
        assertThat(get.has(CommandFlag.WRITE)).isFalse();
        assertThat(get.firstKey()).isEqualTo(1);
        assertThat(get.lastKey()).isEqualTo(1);
        assertThat(get.keyStep()).isEqualTo(1);
        assertThat(get.aclCategories()).containsExactly("read", "string", "fast");
        assertThat(get.tips()).isEmpty();
        assertThat(get.keySpecs()).hasSize(1);
        KeySpec spec = get.keySpecs().get(0);
        assertThat(spec.flagNames()).containsExactly("RO", "access");
        assertThat(spec.beginSearch()).isEqualTo(new KeySpec.Index(1));
        assertThat(spec.findKeys()).isEqualTo(new KeySpec.Range(0, 1, 0));
        assertThat(spec.notes()).isNull();
        assertThat(get.group()).isEqualTo("string");
        assertThat(get.since()).isEqualTo("1.0.0");
        assertThat(get.summary()).isNotBlank();
        assertThat(get.isContainer()).isFalse();
        assertThat(get.isSubcommand()).isFalse();
        assertThat(get.subcommands()).isEmpty();
        assertThat(get.subcommand(b("x"))).isNull();
    }

    @Test
    void otherCommandsAsRedisReportsThem() {
        CommandSpec set = table.lookup("set");
        assertThat(set.arity()).isEqualTo(-3);
        assertThat(set.shownFlags()).containsExactly(CommandFlag.WRITE, CommandFlag.DENYOOM);
        assertThat(set.keySpecs().get(0).flagNames()).containsExactly("RW", "access", "update", "variable_flags");
        assertThat(set.keySpecs().get(0).notes()).isNotBlank();

        CommandSpec mset = table.lookup("mset");
        assertThat(mset.arity()).isEqualTo(-3);
        assertThat(mset.lastKey()).isEqualTo(-1);
        assertThat(mset.keyStep()).isEqualTo(2);
        assertThat(mset.keySpecs().get(0).findKeys()).isEqualTo(new KeySpec.Range(-1, 2, 0));
        assertThat(mset.tips()).containsExactly("request_policy:multi_shard", "response_policy:all_succeeded");

        CommandSpec auth = table.lookup("auth");
        assertThat(auth.arity()).isEqualTo(-2);
        assertThat(auth.shownFlags()).containsExactly(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY);

        CommandSpec del = table.lookup("del");
        assertThat(del.aclCategories()).containsExactly("keyspace", "write", "slow");
        assertThat(del.keySpecs().get(0).flagNames()).containsExactly("RM", "delete");

        CommandSpec copy = table.lookup("copy");
        assertThat(copy.keySpecs()).extracting(KeySpec::toString)
                .containsExactly("RO,access/index:1/range:0:1:0", "OW,update/index:2/range:0:1:0");

        assertThat(table.lookup("asking").has(CommandFlag.FAST)).isTrue();
        assertThat(table.lookup("command|getkeys")).isNull();
        assertThat(table.lookupFullName("command|getkeys").arity()).isEqualTo(-4);
    }

    @Test
    void containersAndSubcommands() {
        CommandSpec object = table.lookup("OBJECT");
        assertThat(object.isContainer()).isTrue();
        assertThat(object.arity()).isEqualTo(-2);
        assertThat(object.aclCategories()).containsExactly("slow");
        assertThat(object.subcommands()).extracting(CommandSpec::fullName)
                .containsExactly("object|encoding", "object|freq", "object|help", "object|idletime", "object|refcount");

        CommandSpec encoding = object.subcommand(b("ENCODING"));
        assertThat(encoding).isSameAs(object.subcommand(b("encoding"))).isSameAs(object.subcommand("EnCoDiNg"));
        assertThat(encoding.fullName()).isEqualTo("object|encoding");
        assertThat(encoding.name()).isEqualTo("encoding");
        assertThat(encoding.containerName()).isEqualTo("object");
        assertThat(encoding.isSubcommand()).isTrue();
        assertThat(encoding.arity()).isEqualTo(3);
        assertThat(encoding.firstKey()).isEqualTo(2);
        assertThat(encoding.tips()).containsExactly("nondeterministic_output");
        assertThat(object.subcommand(b("nosuch"))).isNull();

        CommandSpec client = table.lookup("client");
        assertThat(client.subcommand("setinfo").arity()).isEqualTo(4);
        assertThat(client.subcommand("setinfo").since()).isEqualTo("7.2.0");
        assertThat(client.subcommand("setinfo").aclCategories()).containsExactly("slow", "connection");
        assertThat(client.subcommand("no-touch").arity()).isEqualTo(3);
        assertThat(client.subcommand("no-touch").shownFlags())
                .containsExactly(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE);

        CommandSpec cluster = table.lookup("cluster");
        assertThat(cluster.subcommand("keyslot").arity()).isEqualTo(3);
        assertThat(cluster.subcommand("replicas").has(CommandFlag.ADMIN)).isTrue();

        assertThat(table.lookupFullName("OBJECT|Encoding")).isSameAs(encoding);
        assertThat(table.lookupFullName("object")).isSameAs(object);
        assertThat(table.lookupFullName("object|nosuch")).isNull();
        assertThat(table.lookupFullName("get|x")).isNull();
        assertThat(table.lookupFullName("object|encoding|x")).isNull();
        assertThat(table.lookupFullName("")).isNull();
    }

    @Test
    void everyListedNameIsPresent() throws IOException {
        Path list = findUp("tools/command-table/commands.list");
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        assertThat(names).hasSizeGreaterThan(90);
        for (String name : names) {
            assertThat(table.lookupFullName(name)).as(name).isNotNull();
            assertThat(table.lookupFullName(name).fullName()).isEqualTo(name);
        }
        int subcommands = 0;
        int containers = 0;
        for (CommandSpec spec : table.all()) {
            subcommands += spec.subcommands().size();
            if (spec.isContainer()) {
                containers += names.contains(spec.fullName()) ? 0 : 1;
                continue;
            }
            assertThat(names).contains(spec.fullName());
        }
        assertThat(containers).as("containers added for their subcommands: object, config, client, cluster, xgroup, xinfo...")
                .isGreaterThanOrEqualTo(6);
        assertThat(table.size() + subcommands - containers).as("all listed plus those containers").isEqualTo(names.size());
    }

    @Test
    void everySpecIsWellFormed() {
        for (CommandSpec top : table.all()) {
            List<CommandSpec> specs = new ArrayList<>(top.subcommands());
            specs.add(top);
            for (CommandSpec spec : specs) {
                assertThat(spec.arity()).as(spec.fullName()).isNotZero();
                assertThat(spec.aclCategories()).as(spec.fullName()).isNotEmpty();
                assertThat(spec.group()).as(spec.fullName()).isNotBlank();
                assertThat(spec.since()).as(spec.fullName()).matches("\\d+\\.\\d+\\.\\d+");
                assertThat(spec.summary()).as(spec.fullName()).isNotBlank();
                // The legacy first-key field is 0 for commands whose keys move (SINTERCARD's numkeys);
                // shard channels have a legacy key range but key specs that say "not a key".
                boolean onlyChannels = spec.keySpecs().stream().allMatch(k -> k.has(KeySpec.Flag.NOT_KEY))
                        && !spec.keySpecs().isEmpty();
                assertThat(KeyExtractor.hasKeys(spec)).as(spec.fullName())
                        .isEqualTo(!onlyChannels && (spec.firstKey() != 0 || spec.has(CommandFlag.MOVABLE_KEYS)));
            }
        }
    }

    @Test
    void parsesSyntheticLines() {
        CommandTable t = CommandTable.parse(String.join("\n",
                "# comment",
                "",
                "zfoo\t-3\treadonly,movablekeys\t0\t0\t0\tread,slow\t-\tRO,access/index:1/keynum:0:1:1\tsorted-set\t6.2.0\tA test.\t-",
                "box\t-2\t-\t0\t0\t0\tslow\t-\t-\tgeneric\t1.0.0\tA container.\t-",
                "box|in\t3\twrite\t2\t2\t1\twrite,slow\t-\tRW,insert/index:2/range:0:1:0\tgeneric\t1.0.0\tPut.\t0:A note.",
                "xr\t-4\treadonly,blocking,movablekeys\t0\t0\t0\tread,slow\t-\tRO,access/keyword:STREAMS:1/range:-1:1:2\tstream\t5.0.0\tRead.\t-",
                ""));
        assertThat(t.size()).isEqualTo(3);
        CommandSpec zfoo = t.lookup("ZFOO");
        assertThat(zfoo.has(CommandFlag.MOVABLE_KEYS)).isTrue();
        assertThat(zfoo.keySpecs().get(0).findKeys()).isEqualTo(new KeySpec.KeyNum(0, 1, 1));
        assertThat(t.lookupFullName("box|in").keySpecs().get(0).notes()).isEqualTo("A note.");
        assertThat(t.lookup("xr").keySpecs().get(0).beginSearch()).isEqualTo(new KeySpec.Keyword("STREAMS", 1));
    }

    @Test
    void rejectsMalformedLines() {
        assertThatThrownBy(() -> CommandTable.parse("get\t2\treadonly\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> CommandTable.parse(
                "get\t2\tbogus\t1\t1\t1\tread\t-\t-\tstring\t1.0.0\tx\t-\n"))
                .hasMessageContaining("unknown flag bogus");
        assertThatThrownBy(() -> CommandTable.parse(
                "a|b\t2\t-\t0\t0\t0\tslow\t-\t-\tgeneric\t1.0.0\tx\t-\n"))
                .hasMessageContaining("without a container");
    }

    @Test
    void lookupDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] name = b("GET");
        byte[] sub = b("ENCODING");
        CommandSpec object = table.lookup("object");
        for (int i = 0; i < 100_000; i++) { // warm up
            table.lookup(name);
            object.subcommand(sub);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            table.lookup(name);
            object.subcommand(sub);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(10_000);
    }

    private static Path findUp(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
