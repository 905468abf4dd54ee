package io.gunstream.connect.gun.sink;

import io.gunstream.connect.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes GunDelta records (gun.changes, CDC-derived deltas) as puts to gun.js relays, committing offsets only for
 * records the relays confirmed. Settings: {@link GunSinkConfig}.
 */
public class GunSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        // Parse once so a bad configuration fails the connector, not each task.
        new GunSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GunSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        // Connect spreads the topic partitions over the tasks; every task writes to every relay.
        final List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing to release: the connector holds no connections, its tasks do.
    }

    @Override
    public ConfigDef config() {
        return GunSinkConfig.CONFIG_DEF;
    }
}
