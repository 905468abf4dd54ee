package io.gunstream.streams.testing;

import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real {@link EmbeddedKafkaBroker} + {@link EmbeddedSchemaRegistry} (HTTP, Confluent API) shared by every test
 * class of the JVM that asks for a {@link Stack} parameter; kept in JUnit's root store and closed when the run ends.
 */
public final class RegistryExtension implements ParameterResolver {

    /** The running broker and registry. */
    public record Stack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        public String registryUrl() {
            return registry.url().toString();
        }

        @Override
        public void close() {
            registry.close();
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Stack.class, k -> start(), Stack.class);
    }

    private static Stack start() {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
        final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "kafkastore.topic.replication.factor", "1"));
        return new Stack(broker, registry);
    }
}
