package io.gunstream.connect.storj;

import io.gunstream.connect.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Archives topics (gun.entropy, gun.logs, any Confluent-framed Avro topic) to Storj or any S3-compatible store as
 * time-partitioned Avro container objects, exactly once. Settings: {@link StorjSinkConfig}.
 */
public class StorjSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        // Parse once so a bad configuration fails the connector, not each task.
        new StorjSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StorjSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        // Connect spreads the topic partitions over the tasks; every task gets the same settings.
        final List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing to release: the connector holds no clients, its tasks do.
    }

    @Override
    public ConfigDef config() {
        return StorjSinkConfig.CONFIG_DEF;
    }
}
