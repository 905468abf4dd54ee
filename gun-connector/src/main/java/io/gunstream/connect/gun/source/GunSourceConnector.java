package io.gunstream.connect.gun.source;

import io.gunstream.connect.Version;
import io.gunstream.connect.gun.GunSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Subscribes as a Gun peer to soul roots on gun.js relays and writes every node received for them as a GunDelta to
 * {@code gun.deltas}, resumable per relay and root. Settings: {@link GunSourceConfig}. Relays are split over the
 * tasks (at most one task per relay).
 */
public class GunSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        // Parse once so a bad configuration fails the connector, not each task.
        new GunSourceConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GunSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        final List<String> relays = new GunSourceConfig(props).getList(GunSettings.RELAYS_CONFIG);
        final int tasks = Math.max(1, Math.min(maxTasks, relays.size()));
        final List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < relays.size(); i++) {
            groups.get(i % tasks).add(relays.get(i).trim());
        }
        final List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (List<String> group : groups) {
            final Map<String, String> config = new HashMap<>(props);
            config.put(GunSettings.RELAYS_CONFIG, String.join(",", group));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing to release: the connector holds no connections, its tasks do.
    }

    @Override
    public ConfigDef config() {
        return GunSourceConfig.CONFIG_DEF;
    }
}
