package io.herald.broker.route;

import io.herald.broker.session.Session;
import io.herald.broker.topic.TopicIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the member of a share group that receives a message: round robin over the members, skipping
 * those offline while any member is online [MQTT-4.8.2-3]. Stateless; the rotation lives in the group.
 */
final class SharedChoice {

    private SharedChoice() {}

    static TopicIndex.Entry<Session> choose(TopicIndex.SharedGroup<Session> group) {
        List<TopicIndex.Entry<Session>> members = new ArrayList<>(group.members());
        if (members.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(group.next(), members.size());
        for (int i = 0; i < members.size(); i++) {
            TopicIndex.Entry<Session> candidate = members.get((start + i) % members.size());
            if (candidate.subscriber().online()) {
                return candidate;
            }
        }
        return members.get(start);
    }
}
