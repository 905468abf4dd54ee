package io.gunstream.cli.up;

import java.net.URI;

/**
 * The one line {@code gunstream up} prints when everything is up; scripts parse it, so its format is the contract in
 * design.md: {@code READY relay=ws://127.0.0.1:8765/gun query=http://127.0.0.1:8080 kafka=127.0.0.1:9092
 * connect=http://127.0.0.1:8083 postgres=jdbc:postgresql://127.0.0.1:5432/gunstream s3=http://127.0.0.1:9000}.
 */
public record ReadyLine(int relayPort, int queryPort, int kafkaPort, int connectPort, int pgPort, int s3Port,
                        String database) {

    public static final String HOST = "127.0.0.1";

    public ReadyLine {
        for (final int port : new int[] {relayPort, queryPort, kafkaPort, connectPort, pgPort, s3Port}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("READY needs the bound ports, got " + port);
            }
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("database must not be blank");
        }
    }

    public URI relay() {
        return URI.create("ws://" + HOST + ":" + relayPort + "/gun");
    }

    public URI query() {
        return URI.create("http://" + HOST + ":" + queryPort);
    }

    public String kafka() {
        return HOST + ":" + kafkaPort;
    }

    public URI connect() {
        return URI.create("http://" + HOST + ":" + connectPort);
    }

    public String postgres() {
        return "jdbc:postgresql://" + HOST + ":" + pgPort + "/" + database;
    }

    public URI s3() {
        return URI.create("http://" + HOST + ":" + s3Port);
    }

    @Override
    public String toString() {
        return "READY relay=" + relay() + " query=" + query() + " kafka=" + kafka() + " connect=" + connect()
                + " postgres=" + postgres() + " s3=" + s3();
    }
}
