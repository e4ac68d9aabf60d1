package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ACL LOAD and ACL SAVE over the file the immutable aclfile parameter names. */
public final class AclFile {
    private static final String NOT_CONFIGURED = "ERR This Redis instance is not configured to use an ACL file. "
            + "You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming "
            + "you have a Redis configuration file set) in order to store users in the Redis configuration.";

    private AclFile() {
    }

    private static String fileName(Request r) {
        String name = r.node().config().get("aclfile");
        if (name == null || name.isEmpty()) {
            r.reply().error(NOT_CONFIGURED);
            return null;
        }
        return name;
    }

    /**
     * The users of an ACL file, each a name then its rules (the default user's only when the file
     * defines it), as ACL LOAD and a node's start read them.
     *
     * @throws IllegalArgumentException with Redis's error text when the file cannot be read or a line is wrong
     */
    public static List<List<String>> read(Path file, boolean allChannels) {
        String name = file.toString();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Error loading ACLs, opening file '" + name + "': No such file or directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("Error loading ACLs, opening file '" + name + "': " + e.getMessage());
        }
        StringBuilder errors = new StringBuilder();
        Acl scratch = new Acl();
        List<String> seen = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(line.split(" ")));
            words.removeIf(String::isEmpty);
            int number = i + 1;
            if (!words.get(0).equals("user") || words.size() < 2) {
                errors.append(name).append(':').append(number).append(" should start with user keyword followed by the username. ");
                continue;
            }
            String username = words.get(1);
            if (seen.contains(username)) {
                errors.append("WARNING: Duplicate user '").append(username).append("' found on line ").append(number).append(". ");
                continue;
            }
            seen.add(username);
            List<String> rules = new ArrayList<>(words.subList(2, words.size()));
            if (username.equals("default")) {
                rules.add(0, "reset");
            }
            String error = scratch.setUser(username, rules, allChannels);
            if (error != null) {
                String reason = error.substring(error.lastIndexOf(": ") + 2);
                errors.append(name).append(':').append(number).append(": ").append(reason).append(". ");
            }
        }
        if (errors.length() > 0) {
            throw new IllegalArgumentException(errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
        }
        List<List<String>> users = new ArrayList<>();
        for (AclUser user : scratch.users()) {
            if (!user.name().equals("default") || seen.contains("default")) {
                List<String> definition = new ArrayList<>();
                definition.add(user.name());
                definition.addAll(SelectorText.split(user.describe()));
                users.add(definition);
            }
        }
        return users;
    }

    static void save(Request r) {
        String name = fileName(r);
        if (name == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (AclUser user : AclCommands.acl(r.node()).users()) {
            text.append("user ").append(user.name()).append(' ').append(user.describe()).append('\n');
        }
        Path file = Path.of(name);
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            r.reply().error("ERR There was an error trying to save the ACLs. Please check the server logs for more information");
            return;
        }
        r.reply().ok();
    }

    /** Reads every user of the file; with any error, nothing changes and the errors are replied. */
    static void load(Request r) {
        String name = fileName(r);
        if (name == null) {
            return;
        }
        List<List<String>> users;
        try {
            users = read(Path.of(name), AclCommands.allChannelsByDefault(r.node()));
        } catch (IllegalArgumentException e) {
            r.reply().error("ERR " + e.getMessage());
            return;
        }
        Acl acl = AclCommands.acl(r.node());
        AclUser defaultUser = acl.defaultUser();
        acl.replaceUsers(users);
        AclCommands.disconnect(r, user -> user != defaultUser);
        r.reply().ok();
    }
}
