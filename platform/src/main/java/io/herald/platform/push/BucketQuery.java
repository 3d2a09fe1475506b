package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bucket query clause in Kii's shape: {@code {"type":"all"}}, {@code {"type":"eq","field":F,"value":V}}
 * (top-level field equal to a JSON value), or {@code {"type":"and","clauses":[…]}}. Immutable.
 */
public sealed interface BucketQuery {

    boolean matches(JsonObject body);

    /** Every object. */
    record All() implements BucketQuery {
        @Override
        public boolean matches(JsonObject body) {
            return true;
        }
    }

    /** A field equal to a value (numbers compared by value: 1 equals 1.0). */
    record Eq(String field, Object value) implements BucketQuery {
        @Override
        public boolean matches(JsonObject body) {
            Object actual = body.getValue(field);
            if (actual instanceof Number a && value instanceof Number v) {
                return Double.compare(a.doubleValue(), v.doubleValue()) == 0;
            }
            return actual != null && Objects.equals(actual, value);
        }
    }

    /** Every clause holds. */
    record And(List<BucketQuery> clauses) implements BucketQuery {
        public And {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean matches(JsonObject body) {
            return clauses.stream().allMatch(c -> c.matches(body));
        }
    }

    /** @throws PlatformException INVALID_INPUT_DATA for an unknown or malformed clause */
    static BucketQuery parse(JsonObject clause) {
        if (clause == null) {
            return new All();
        }
        String type = clause.getString("type", "");
        switch (type) {
            case "all":
                return new All();
            case "eq": {
                String field = clause.getString("field");
                Object value = clause.getValue("value");
                if (field == null || value == null || value instanceof JsonObject || value instanceof JsonArray) {
                    throw invalid("an eq clause needs a field and a plain value");
                }
                return new Eq(field, value);
            }
            case "and": {
                JsonArray list = clause.getJsonArray("clauses");
                if (list == null || list.isEmpty()) {
                    throw invalid("an and clause needs clauses");
                }
                List<BucketQuery> clauses = new ArrayList<>();
                for (Object c : list) {
                    if (!(c instanceof JsonObject o)) {
                        throw invalid("a clause is a JSON object");
                    }
                    clauses.add(parse(o));
                }
                return new And(clauses);
            }
            default:
                throw invalid("clause type '" + type + "' is not one of all, eq, and");
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(ErrorCode.INVALID_INPUT_DATA, detail);
    }
}
