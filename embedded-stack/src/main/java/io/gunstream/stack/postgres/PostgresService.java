package io.gunstream.stack.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A running PostgreSQL server with {@code wal_level=logical}, reachable over TCP on loopback.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface PostgresService extends AutoCloseable {

    /** JDBC URL of the application database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/gunstream}. */
    String jdbcUrl();

    String host();

    int port();

    String database();

    String user();

    String password();

    /** A new JDBC connection to {@link #jdbcUrl()} as {@link #user()}; the caller closes it. */
    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** Runs one statement (DDL or DML) on a connection of its own. */
    default void execute(final String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a query on a connection of its own: every row, as its column values in order (JDBC's objects). */
    default List<List<Object>> rows(final String sql) throws SQLException {
        final List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                final List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    void close();
}
