package io.gunstream.cli;

import io.gunstream.cli.connect.ConnectCommand;
import io.gunstream.cli.connect.ConnectDeployCommand;
import io.gunstream.cli.query.QueryCommand;
import io.gunstream.cli.run.RelayCommand;
import io.gunstream.cli.run.StreamsCommand;
import io.gunstream.cli.up.UpCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gunstream} command: {@code up} (the whole backbone embedded on this machine), {@code relay} and
 * {@code streams} (one part against an external Kafka), {@code connect deploy} (the connectors into a Connect
 * cluster), {@code query} (read merged nodes). Failures end in one line
 * on stderr with a hint and exit code 1; usage errors exit 2.
 */
@Command(name = "gunstream", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "gun.js ↔ Kafka backbone: relays, Kafka Streams HAM merge, query API, Connect sinks.",
        subcommands = {UpCommand.class, RelayCommand.class, StreamsCommand.class, ConnectCommand.class, QueryCommand.class,
                CommandLine.HelpCommand.class})
public final class GunstreamCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (what {@link #main} exits with). */
    public static int run(final String... args) {
        final CommandLine commandLine = new CommandLine(new GunstreamCommand());
        commandLine.setUsageHelpWidth(110);
        // Settings sections generated from the components' ConfigDefs, rendered only when help is printed: loading
        // those classes initialises logging, which must wait until a command has chosen its log file.
        commandLine.getSubcommands().get("streams").getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> StreamsCommand.settingsHelp());
        commandLine.getSubcommands().get("relay").getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> RelayCommand.settingsHelp());
        commandLine.getSubcommands().get("connect").getSubcommands().get("deploy").getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> ConnectDeployCommand.settingsHelp());
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            final PrintWriter err = cl.getErr();
            // qualified: "gunstream connect deploy: ..."
            final String command = cl.getCommandSpec().qualifiedName();
            err.println(e instanceof CliException ? command + ": " + e.getMessage()
                    : command + ": " + e + CliException.causes(e));
            err.flush();
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
