package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"topic\":\"a/b\"}",
        "{\"topic\":\"a/b\",\"payload\":\"x\",\"encoding\":\"base64\",\"qos\":2,\"retain\":true}",
        "{\"topic\":\"a\",\"messageExpiryInterval\":4294967295,\"contentType\":\"text/plain\",\"payloadFormatUtf8\":true,"
                + "\"responseTopic\":\"r\",\"correlationData\":\"AA==\",\"userProperties\":[{\"name\":\"n\",\"value\":\"v\"}]}",
        "[{\"topic\":\"a\"},{\"topic\":\"b\",\"qos\":1}]",
    })
    void bodiesTheSchemaAccepts_passTheFastPath(String body) {
        assertThat(MessageShape.certainlyValid(parse(body))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"topic\":\"\"}",
        "{\"topic\":7}",
        "{\"topic\":\"a\",\"qos\":3}",
        "{\"topic\":\"a\",\"qos\":1.0}",
        "{\"topic\":\"a\",\"qos\":\"1\"}",
        "{\"topic\":\"a\",\"retain\":\"yes\"}",
        "{\"topic\":\"a\",\"encoding\":\"hex\"}",
        "{\"topic\":\"a\",\"messageExpiryInterval\":-1}",
        "{\"topic\":\"a\",\"messageExpiryInterval\":4294967296}",
        "{\"topic\":\"a\",\"responseTopic\":\"\"}",
        "{\"topic\":\"a\",\"payload\":null}",
        "{\"topic\":\"a\",\"unknown\":1}",
        "{\"topic\":\"a\",\"userProperties\":[{\"name\":\"n\"}]}",
        "{\"topic\":\"a\",\"userProperties\":[{\"name\":\"n\",\"value\":\"v\",\"x\":1}]}",
        "{\"topic\":\"a\",\"userProperties\":[{\"name\":\"n\",\"value\":1}]}",
        "[]",
        "[{\"topic\":\"a\"},7]",
        "\"a\"",
    })
    void anythingElse_goesToTheSchemaValidator(String body) {
        assertThat(MessageShape.certainlyValid(parse(body))).isFalse();
    }

    @Test
    void moreThanAThousandMessages_goToTheSchemaValidator() {
        JsonArray many = new JsonArray();
        for (int i = 0; i < 1001; i++) {
            many.add(new JsonObject().put("topic", "t"));
        }
        assertThat(MessageShape.certainlyValid(many)).isFalse();
        many.remove(0);
        assertThat(MessageShape.certainlyValid(many)).isTrue();
    }

    private static Object parse(String json) {
        return Json.decodeValue(json);
    }
}
