package io.herald.client.internal;

import java.util.BitSet;

/**
 * Hands out MQTT packet identifiers 1..65535 that are not in use [MQTT-2.2.1-3] and takes them back.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class PacketIds {

    private static final int MAX = 65_535;

    private final BitSet used = new BitSet(MAX + 1);
    private int next = 1;

    /** A free identifier, or -1 when all 65535 are in use. */
    int acquire() {
        for (int i = 0; i < MAX; i++) {
            int id = next;
            next = next == MAX ? 1 : next + 1;
            if (!used.get(id)) {
                used.set(id);
                return id;
            }
        }
        return -1;
    }

    void release(int id) {
        used.clear(id);
    }
}
