package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Scripting;
import dev.embeddedcluster.keyspace.rdb.RdbAux;
import dev.embeddedcluster.keyspace.rdb.RdbFile;
import dev.embeddedcluster.keyspace.rdb.RdbSnapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A node's RDB file: SAVE writes it on the node's thread, as Redis's SAVE blocks its server
 * (other nodes go on); BGSAVE copies the keyspace on the node's thread (strings shared, aggregates
 * copied: what fork gives Redis, at the cost of one pass over the aggregates) and writes the copy
 * on a thread of its own, the node serving meanwhile. The file goes to {@code dir}/{@code
 * dbfilename} through a temporary file renamed into place, as Redis does. It also counts the
 * changes since the last save and keeps INFO persistence's figures. Node thread only, but for the
 * background writer, which reports back through the node's loop.
 */
public final class RdbPersistence {
    private final NodeContext node;
    /** The directory made for this node when no dir was configured: deleted when the cluster closes. */
    private final Path ownDirectory;
    private long changes;
    private long changesBeforeBackgroundSave;
    private long lastSaveSeconds;
    private boolean lastBackgroundSaveOk = true;
    private long lastBackgroundSaveSeconds = -1;
    private long backgroundSaveStartedMillis = -1;
    private Thread backgroundWriter;
    private boolean backgroundSaveScheduled;
    private long saves;
    private long keysLoaded;
    private long keysExpiredOnLoad;

    public RdbPersistence(NodeContext node, Path ownDirectory, long startedMillis) {
        this.node = node;
        this.ownDirectory = ownDirectory;
        this.lastSaveSeconds = startedMillis / 1000;
    }

    /** Writes changed {@code count} keys (rdb_changes_since_last_save). */
    public void changed(long count) {
        changes += count;
    }

    public long changesSinceLastSave() {
        return changes;
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean backgroundSaveInProgress() {
        return backgroundWriter != null;
    }

    /** SAVE: writes the file now; false when it could not be written. */
    public boolean save() {
        saves++;
        try {
            write(RdbSnapshot.viewOf(node.keyspace(), access()), ".save");
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        changes = 0;
        lastSaveSeconds = nowSeconds();
        lastBackgroundSaveOk = true;
        return true;
    }

    /** BGSAVE: starts writing a copy of the keyspace on another thread. */
    public void saveInBackground() {
        saves++;
        backgroundSaveScheduled = false;
        changesBeforeBackgroundSave = changes;
        backgroundSaveStartedMillis = System.currentTimeMillis();
        RdbSnapshot snapshot = RdbSnapshot.copyOf(node.keyspace(), access());
        RdbAux aux = aux();
        boolean compress = flag("rdbcompression");
        boolean checksum = flag("rdbchecksum");
        Path target = file();
        Thread writer = new Thread(() -> {
            boolean ok;
            try {
                writeTo(target, snapshot, aux, compress, checksum, ".bgsave");
                ok = true;
            } catch (IOException | RuntimeException e) {
                ok = false;
            }
            boolean written = ok;
            node.runOnLoop(() -> backgroundSaveEnded(written));
        }, "rdb-bgsave-" + node.port());
        writer.setDaemon(true);
        backgroundWriter = writer;
        writer.start();
    }

    /** BGSAVE inside MULTI: started once the transaction is over, as Redis's cron starts it. */
    public void scheduleBackgroundSave() {
        if (backgroundSaveScheduled) {
            return;
        }
        backgroundSaveScheduled = true;
        node.execute(() -> {
            if (backgroundSaveScheduled && !backgroundSaveInProgress()) {
                saveInBackground();
            }
        });
    }

    /** SHUTDOWN's save: a background save in progress is abandoned first, as Redis kills its child. */
    public boolean saveForShutdown() {
        abandonBackgroundSave();
        return save();
    }

    /** The keys a load put in the node, and those it skipped as expired (INFO's rdb_last_load_keys_*). */
    public void loaded(long keys, long expired) {
        keysLoaded = keys;
        keysExpiredOnLoad = expired;
    }

    /** INFO persistence, as Redis 7.0.15 lists it; the fork and copy-on-write figures are 0. */
    void info(StringBuilder out) {
        out.append("# Persistence\r\n");
        InfoReport.line(out, "loading", 0);
        InfoReport.line(out, "async_loading", 0);
        InfoReport.line(out, "current_cow_peak", 0);
        InfoReport.line(out, "current_cow_size", 0);
        InfoReport.line(out, "current_cow_size_age", 0);
        InfoReport.line(out, "current_fork_perc", "0.00");
        InfoReport.line(out, "current_save_keys_processed", 0);
        InfoReport.line(out, "current_save_keys_total", 0);
        InfoReport.line(out, "rdb_changes_since_last_save", changes);
        InfoReport.line(out, "rdb_bgsave_in_progress", backgroundSaveInProgress() ? 1 : 0);
        InfoReport.line(out, "rdb_last_save_time", lastSaveSeconds);
        InfoReport.line(out, "rdb_last_bgsave_status", lastBackgroundSaveOk ? "ok" : "err");
        InfoReport.line(out, "rdb_last_bgsave_time_sec", lastBackgroundSaveSeconds);
        InfoReport.line(out, "rdb_current_bgsave_time_sec", backgroundSaveInProgress()
                ? (System.currentTimeMillis() - backgroundSaveStartedMillis) / 1000 : -1);
        InfoReport.line(out, "rdb_saves", saves);
        InfoReport.line(out, "rdb_last_cow_size", 0);
        InfoReport.line(out, "rdb_last_load_keys_expired", keysExpiredOnLoad);
        InfoReport.line(out, "rdb_last_load_keys_loaded", keysLoaded);
        InfoReport.line(out, "aof_enabled", 0);
        InfoReport.line(out, "aof_rewrite_in_progress", 0);
        InfoReport.line(out, "aof_rewrite_scheduled", 0);
        InfoReport.line(out, "aof_last_rewrite_time_sec", -1);
        InfoReport.line(out, "aof_current_rewrite_time_sec", -1);
        InfoReport.line(out, "aof_last_bgrewrite_status", "ok");
        InfoReport.line(out, "aof_rewrites", 0);
        InfoReport.line(out, "aof_rewrites_consecutive_failures", 0);
        InfoReport.line(out, "aof_last_write_status", "ok");
        InfoReport.line(out, "aof_last_cow_size", 0);
        InfoReport.line(out, "module_fork_in_progress", 0);
        InfoReport.line(out, "module_fork_last_cow_size", 0);
    }

    /** The cluster closes: the directory made for this node goes, with what was saved in it. */
    public void release() {
        abandonBackgroundSave();
        if (ownDirectory == null || !Files.isDirectory(ownDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(ownDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void backgroundSaveEnded(boolean ok) {
        if (backgroundWriter == null) {
            return; // abandoned
        }
        backgroundWriter = null;
        lastBackgroundSaveSeconds = (System.currentTimeMillis() - backgroundSaveStartedMillis) / 1000;
        backgroundSaveStartedMillis = -1;
        lastBackgroundSaveOk = ok;
        if (ok) {
            changes -= changesBeforeBackgroundSave;
            lastSaveSeconds = nowSeconds();
        }
    }

    private void abandonBackgroundSave() {
        Thread writer = backgroundWriter;
        if (writer == null) {
            return;
        }
        backgroundWriter = null;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(RdbSnapshot snapshot, String suffix) throws IOException {
        writeTo(file(), snapshot, aux(), flag("rdbcompression"), flag("rdbchecksum"), suffix);
    }

    private static void writeTo(Path target, RdbSnapshot snapshot, RdbAux aux, boolean compress, boolean checksum,
            String suffix) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("temp-" + Thread.currentThread().getId() + suffix + ".rdb");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
            RdbFile.write(out, snapshot, aux, compress, checksum);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file SAVE writes: dbfilename in dir. */
    public Path file() {
        return Path.of(node.config().get("dir")).resolve(node.config().get("dbfilename"));
    }

    private RdbAux aux() {
        RdbAux aux = RdbAux.standard(nowSeconds(), node.eviction().usedMemory(), node.replication().replicationId(), node.replication().offset());
        Scripting scripting = node.scriptingIfStarted();
        if (scripting != null) {
            scripting.libraryCodes().forEach(aux::function);
        }
        return aux;
    }

    private RdbSnapshot.Access access() {
        return RdbSnapshot.Access.of(node.config().get("maxmemory-policy"));
    }

    private boolean flag(String name) {
        return !"no".equals(node.config().get(name));
    }

    private long nowSeconds() {
        return node.clock().currentTimeMillis() / 1000;
    }
}
