package io.gunstream.cli.query;

import io.gunstream.cli.CliException;
import io.gunstream.core.graph.GunNode;
import io.gunstream.streams.query.GunNodeJson;
import io.gunstream.streams.query.GunQueryClient;
import io.gunstream.streams.query.GunQueryException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gunstream query SOUL} / {@code gunstream query --prefix P}: merged nodes from the query API, one gun.js JSON
 * node per line. Exit code 1 when the soul is unknown or the API cannot answer.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print merged nodes from the query API (gun.js JSON, one node per line).", "",
                "  gunstream query devices/d1",
                "  gunstream query --prefix devices/ --limit 10"})
public final class QueryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SOUL", description = "The soul of one node.")
    String soul;

    @Option(names = "--prefix", paramLabel = "P", description = "All nodes whose soul starts with P (\"\" for all), sorted by soul.")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N nodes for --prefix (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:GUNSTREAM_QUERY_URL:-http://127.0.0.1:8080}",
            description = "Query API base URL (default ${DEFAULT-VALUE}, env GUNSTREAM_QUERY_URL).")
    URI url;

    @Override
    public Integer call() {
        System.setProperty("gunstream.log.file", "/dev/null");
        if ((soul == null) == (prefix == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either a SOUL or --prefix P");
        }
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        final GunQueryClient client = new GunQueryClient(url, Duration.ofSeconds(20));
        final PrintWriter out = spec.commandLine().getOut();
        try {
            if (soul != null) {
                final Optional<GunNode> node = client.node(soul);
                if (node.isEmpty()) {
                    spec.commandLine().getErr().println("gunstream query: no node with soul '" + soul + "' at " + url);
                    return 1;
                }
                out.println(GunNodeJson.write(node.get()));
            } else {
                final List<GunNode> nodes = client.prefix(prefix, limit);
                nodes.forEach(n -> out.println(GunNodeJson.write(n)));
            }
            out.flush();
            return 0;
        } catch (GunQueryException e) {
            throw new CliException("the query API at " + url + " cannot answer: " + e.getMessage()
                    + " (is `gunstream up` or `gunstream streams` running? set --url or GUNSTREAM_QUERY_URL)", e);
        }
    }
}
