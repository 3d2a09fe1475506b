package io.herald.broker.route;

import io.herald.broker.session.Session;
import io.herald.broker.topic.TopicIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the member of a share group that receives a message: round robin over the members that may
 * receive its topic (a member subscribed filtered may not), skipping those offline while any member is
 * online [MQTT5-4.8.2]. Stateless; the rotation lives in the group.
 */
final class SharedChoice {

    private SharedChoice() {}

    static TopicIndex.Entry<Session> choose(TopicIndex.SharedGroup<Session> group, String topic) {
        return choose(group, null, topic);
    }

    /** As {@link #choose(TopicIndex.SharedGroup, String)}, never choosing {@code excluded}. */
    static TopicIndex.Entry<Session> choose(TopicIndex.SharedGroup<Session> group, Session excluded, String topic) {
        List<TopicIndex.Entry<Session>> members = new ArrayList<>(group.members());
        members.removeIf(e -> e.subscriber() == excluded
                || e.subscription().filtered() && !e.subscriber().mayReceive(topic));
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
