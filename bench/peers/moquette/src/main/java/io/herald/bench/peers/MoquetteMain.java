package io.herald.bench.peers;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.util.Properties;

/** Moquette on one TCP port: {@code MoquetteMain PORT DATA_DIR}. Runs until killed. For bench/compare only. */
public final class MoquetteMain {

    private MoquetteMain() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", args[0]);
        p.setProperty("allow_anonymous", "true");
        p.setProperty("data_path", args[1]);
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        Server server = new Server();
        server.startServer(new MemoryConfig(p));
        System.out.println("moquette listening on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}
