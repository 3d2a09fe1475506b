package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {

    @TempDir
    Path proc;

    @Test
    void stat_withSpacesAndParenthesesInTheName_givesUserPlusSystemTime() throws IOException {
        Files.createDirectories(proc.resolve("42"));
        // fields after "(name)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        Files.writeString(proc.resolve("42/stat"), "42 (java (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0\n");
        Files.writeString(proc.resolve("42/status"), "Name:\tjava\nVmRSS:\t  123456 kB\n");
        ProcStats stats = new ProcStats(proc);
        assertThat(stats.cpuMillis(42)).isEqualTo(3000);
        assertThat(stats.rssBytes(42)).isEqualTo(123_456L * 1024);
    }

    @Test
    void missingProcess_isMinusOne() {
        ProcStats stats = new ProcStats(proc);
        assertThat(stats.cpuMillis(9)).isEqualTo(-1);
        assertThat(stats.rssBytes(9)).isEqualTo(-1);
    }

    @Test
    void listenerOfAPortThisProcessOpened_isThisProcess() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ProcStats.linux().listenerOf(server.getLocalPort())).hasValue(ProcessHandle.current().pid());
        }
    }
}
