package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The broker's public surface is what docs/architecture.md says it is: the facade exposes only API
 * types, the API packages hold no unexpected public types, and no other module imports an internal
 * package. A failure here means an API change: make it on purpose, and update the lists and the docs.
 */
class PublicApiTest {

    private static final Set<String> API_PACKAGES = Set.of("io.herald.broker", "io.herald.broker.auth",
            "io.herald.broker.publish", "io.herald.broker.store", "io.herald.broker.store.memory",
            "io.herald.broker.store.rocks", "io.herald.broker.message", "io.herald.broker.listener");

    /** Internal packages (and internal types of mixed packages) that other modules must not import. */
    private static final Pattern INTERNAL_IMPORT = Pattern.compile("^import (static )?io\\.herald\\.broker\\."
            + "(handler|route|session|codec|log|sys|topic\\.(?!(Subscription|Topics)\\b)"
            + "|listener\\.Listeners\\b|BrokerCore\\b)",
            Pattern.MULTILINE);

    @Test
    void facade_exposesOnlyApiTypes() {
        List<String> leaks = new ArrayList<>();
        for (Method m : Broker.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
            types.add(m.getGenericReturnType());
            for (Type t : types) {
                for (Class<?> c : classesOf(t)) {
                    if (c.getName().startsWith("io.herald.") && !isApi(c)) {
                        leaks.add(m.getName() + ": " + c.getName());
                    }
                }
            }
        }
        assertThat(leaks).as("Broker methods exposing internal types").isEmpty();
    }

    @Test
    void apiPackages_publicTypesAsDocumented() throws Exception {
        assertThat(publicTypes("io.herald.broker")).containsExactly("Broker", "BrokerConfig", "BrokerCore",
                "BrokerHealth", "BrokerMetrics", "DisconnectReason", "RetainedMessage", "SessionEvent", "SessionInfo",
                "SessionListener");
        assertThat(publicTypes("io.herald.broker.publish")).containsExactly("DeliveryTracker", "FanoutOutcome",
                "FanoutRequest", "InboundPublish", "Origin", "PublishInterceptor", "PublishOutcome",
                "PublishRefusedException", "PublishRequest", "PublishVerdict",
                "UserProperty");
        assertThat(publicTypes("io.herald.broker.auth")).containsExactly("AclEntry", "Action", "AuthResult",
                "AuthStep", "Authenticator", "Authorizer", "ClientCertificate", "ClientIdentity", "ConnectInfo",
                "Effect", "EnhancedAuthenticator", "Permissions", "Principal", "SubscribeDecision");
        assertThat(publicTypes("io.herald.broker.store.rocks")).containsExactly("Durability", "RocksStore");
        assertThat(publicTypes("io.herald.broker.listener")).containsExactly("DevCertificates", "ListenerSpec",
                "Listeners", "MqttListener", "TlsConfigException", "TlsSettings", "Transport");
    }

    @Test
    void otherModules_importNoInternalPackage() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.filter(p -> !p.getFileName().toString().equals("broker")).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        if (INTERNAL_IMPORT.matcher(Files.readString(f)).find()) {
                            offenders.add(repo.relativize(f).toString());
                        }
                    }
                }
            }
        }
        assertThat(offenders).as("main code of other modules importing broker internals").isEmpty();
    }

    private static boolean isApi(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return API_PACKAGES.contains(top.getPackageName()) && !top.getSimpleName().equals("BrokerCore")
                && !top.getSimpleName().equals("Listeners")
                || top.getName().equals("io.herald.broker.topic.Subscription")
                || top.getName().equals("io.herald.broker.topic.Topics");
    }

    private static List<Class<?>> classesOf(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            out.addAll(classesOf(p.getRawType()));
            for (Type arg : p.getActualTypeArguments()) {
                out.addAll(classesOf(arg));
            }
        }
        return out;
    }

    /** The public top-level types of {@code pkg}, from the compiled classes. */
    private static Set<String> publicTypes(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Broker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(pkg.replace('.', '/'));
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$") || file.equals("package-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()));
                if (Modifier.isPublic(c.getModifiers())) {
                    names.add(c.getSimpleName());
                }
            }
        }
        return names;
    }
}
