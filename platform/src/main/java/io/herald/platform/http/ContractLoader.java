package io.herald.platform.http;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns docs/openapi.yaml into the JSON form Vert.x's OpenAPI router loads. vertx-openapi 5.0.10 refuses
 * a contract whose responses use media types outside its short list (application/problem+json,
 * application/yaml among them), although the router validates only requests; so, for the router only,
 * response media types are renamed: problem+json to application/json, yaml to text/plain. The document
 * served at /api/openapi.yaml is the original. Stateless.
 */
final class ContractLoader {

    private ContractLoader() {}

    @SuppressWarnings("unchecked")
    static JsonObject forValidation(String yamlText) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        JsonObject contract = new JsonObject((Map<String, Object>) tree);
        JsonObject paths = contract.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op && op.getJsonObject("responses") != null) {
                    renameResponseTypes(op.getJsonObject("responses"));
                }
            }
        }
        JsonObject components = contract.getJsonObject("components", new JsonObject());
        if (components.getJsonObject("responses") != null) {
            renameResponseTypes(components.getJsonObject("responses"));
        }
        return contract;
    }

    private static void renameResponseTypes(JsonObject responses) {
        for (String status : responses.fieldNames()) {
            JsonObject content = responses.getJsonObject(status).getJsonObject("content");
            if (content == null) {
                continue;
            }
            rename(content, Problems.CONTENT_TYPE, "application/json");
            rename(content, "application/yaml", "text/plain");
        }
    }

    private static void rename(JsonObject content, String from, String to) {
        Object value = content.remove(from);
        if (value != null) {
            content.put(to, value);
        }
    }
}
