package io.herald.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The broker's resident memory and CPU time, read from Linux's /proc; and which process listens on a
 * TCP port (from /proc/net/tcp and the processes' open sockets). Stateless.
 */
final class ProcStats {

    /** Clock ticks per second of /proc/PID/stat's times; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private final Path proc;

    ProcStats(Path proc) {
        this.proc = proc;
    }

    static ProcStats linux() {
        return new ProcStats(Path.of("/proc"));
    }

    /** Resident set size of {@code pid} in bytes, or -1 when it cannot be read. */
    long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU time of {@code pid} in milliseconds, or -1 when it cannot be read. */
    long cpuMillis(long pid) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"));
            // the command name (field 2) may hold spaces and parentheses: fields count from the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The process listening on TCP {@code port} (IPv4 or IPv6), if this user may see it. */
    OptionalLong listenerOf(int port) {
        String portHex = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(proc.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is HEXIP:HEXPORT, state 0A is LISTEN, inode is field 10
                    if (f.length > 9 && f[1].endsWith(":" + portHex) && f[3].equals("0A")) {
                        OptionalLong pid = ownerOf("socket:[" + f[9] + "]");
                        if (pid.isPresent()) {
                            return pid;
                        }
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6): try the next
            }
        }
        return OptionalLong.empty();
    }

    private OptionalLong ownerOf(String socket) {
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path pidDir : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (socket.equals(Files.readSymbolicLink(fd).toString())) {
                            return OptionalLong.of(Long.parseLong(pidDir.getFileName().toString()));
                        }
                    }
                } catch (IOException e) {
                    // a process that ended or that we may not look into
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
