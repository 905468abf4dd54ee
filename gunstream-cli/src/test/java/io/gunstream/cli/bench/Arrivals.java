package io.gunstream.cli.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Records when each row version lands in PostgreSQL: a deferred constraint trigger on the watched tables writes
 * (table, soul, t, {@code clock_timestamp()}) into {@code bench.arrivals}. Deferred, so it fires at the commit of the
 * writer's transaction: the moment the row becomes visible, not when the statement was parsed. {@code t} is the
 * writer's issue time in epoch microseconds (a column of the row), read by the same machine clock.
 */
final class Arrivals {

    /** One landed row version: its soul, the writer's issue time and the commit-time arrival, both epoch µs. */
    record Arrival(String soul, long issuedUs, long arrivedUs) {
    }

    private final Connection pg;

    Arrivals(final Connection pg) {
        this.pg = pg;
    }

    void install() throws SQLException {
        try (Statement sql = pg.createStatement()) {
            sql.execute("CREATE SCHEMA IF NOT EXISTS bench");
            sql.execute("CREATE TABLE IF NOT EXISTS bench.arrivals (tbl text NOT NULL, soul text NOT NULL,"
                    + " t double precision, arrived timestamptz NOT NULL)");
            sql.execute("CREATE OR REPLACE FUNCTION bench.record_arrival() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO bench.arrivals VALUES (TG_TABLE_NAME, NEW.soul, NEW.t, clock_timestamp()); RETURN NULL;"
                    + " END $$");
        }
    }

    /** Starts recording row versions of {@code table} (schema-qualified). */
    void watch(final String table) throws SQLException {
        try (Statement sql = pg.createStatement()) {
            sql.execute("DROP TRIGGER IF EXISTS bench_arrival ON " + table);
            sql.execute("CREATE CONSTRAINT TRIGGER bench_arrival AFTER INSERT OR UPDATE ON " + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bench.record_arrival()");
        }
    }

    void clear() throws SQLException {
        try (Statement sql = pg.createStatement()) {
            sql.execute("TRUNCATE bench.arrivals");
        }
    }

    long count(final String tableName) throws SQLException {
        try (PreparedStatement sql = pg.prepareStatement("SELECT count(*) FROM bench.arrivals WHERE tbl = ?")) {
            sql.setString(1, tableName);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    List<Arrival> read(final String tableName) throws SQLException {
        try (PreparedStatement sql = pg.prepareStatement("SELECT soul, t::bigint,"
                + " (extract(epoch FROM arrived) * 1000000)::bigint FROM bench.arrivals WHERE tbl = ? ORDER BY arrived")) {
            sql.setString(1, tableName);
            sql.setFetchSize(10_000);
            try (ResultSet rows = sql.executeQuery()) {
                final List<Arrival> arrivals = new ArrayList<>();
                while (rows.next()) {
                    arrivals.add(new Arrival(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
                return arrivals;
            }
        }
    }
}
