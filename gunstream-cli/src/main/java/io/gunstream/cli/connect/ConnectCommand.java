package io.gunstream.cli.connect;

import picocli.CommandLine.Command;

/**
 * {@code gunstream connect}: Kafka Connect tooling. Only a holder of subcommands: without one, picocli reports the
 * missing subcommand as a usage error (exit code 2).
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Kafka Connect: deploy gunstream's connectors (PostgreSQL, Storj) to a Connect cluster.",
        subcommands = ConnectDeployCommand.class)
public final class ConnectCommand {
}
