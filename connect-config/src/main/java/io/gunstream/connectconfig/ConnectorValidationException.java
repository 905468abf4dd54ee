package io.gunstream.connectconfig;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Connect's {@code validate} endpoint reported errors for a configuration; {@link #errors()} holds the connector's
 * own messages per setting (key {@code ""} for errors not tied to one setting).
 */
public class ConnectorValidationException extends ConnectorDeployException {

    private static final long serialVersionUID = 1L;

    private final String connector;
    private final Map<String, List<String>> errors;

    public ConnectorValidationException(final String connector, final String source,
            final Map<String, List<String>> errors) {
        super("connector " + connector + " (" + source + ") is invalid: " + errors.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join("; ", e.getValue()))
                .collect(Collectors.joining(" | ")));
        this.connector = connector;
        this.errors = Map.copyOf(errors);
    }

    public String connector() {
        return connector;
    }

    /** Setting name → the connector's error messages for it. */
    public Map<String, List<String>> errors() {
        return errors;
    }
}
