package io.herald.platform.http;

import io.herald.platform.PlatformException;
import io.herald.platform.catalog.ThingRecord;
import io.herald.platform.device.Devices;
import io.herald.platform.device.ThingStatus;
import io.herald.platform.identity.ThingService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Things with their presence, for {@code GET /api/things} ({@code ?online=true|false} filters by whether
 * a connection is live) and {@code GET /api/things/{thingID}}. Blocks on the catalog: REST workers only.
 * Stateless.
 */
final class ThingListing {

    private static final int SCAN_PAGE = 500;

    private final ThingService things;
    private final Devices devices;

    ThingListing(ThingService things, Devices devices) {
        this.things = things;
        this.devices = devices;
    }

    JsonObject one(String thingId) {
        return DeviceViews.withStatus(Views.thing(things.get(thingId)), devices.status(thingId));
    }

    /** @param online null for every thing */
    JsonArray page(int offset, int limit, Boolean online) {
        List<ThingRecord> page;
        if (online == null) {
            page = things.list(offset, limit);
        } else if (online) {
            page = new ArrayList<>();
            List<String> ids = devices.onlineThings();
            for (String id : ids.subList(Math.min(offset, ids.size()), Math.min(offset + limit, ids.size()))) {
                try {
                    page.add(things.get(id));
                } catch (PlatformException e) {
                    // deleted while connected: its connections are being closed
                }
            }
        } else {
            page = offline(offset, limit);
        }
        Map<String, ThingStatus> statuses = devices.statuses(page.stream().map(ThingRecord::thingId).toList());
        JsonArray out = new JsonArray();
        for (ThingRecord t : page) {
            out.add(DeviceViews.withStatus(Views.thing(t), statuses.get(t.thingId())));
        }
        return out;
    }

    private List<ThingRecord> offline(int offset, int limit) {
        List<ThingRecord> out = new ArrayList<>();
        int skipped = 0;
        for (int at = 0; out.size() < limit; at += SCAN_PAGE) {
            List<ThingRecord> scan = things.list(at, SCAN_PAGE);
            for (ThingRecord t : scan) {
                if (devices.online(t.thingId())) {
                    continue;
                }
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < limit) {
                    out.add(t);
                }
            }
            if (scan.size() < SCAN_PAGE) {
                break;
            }
        }
        return out;
    }
}
