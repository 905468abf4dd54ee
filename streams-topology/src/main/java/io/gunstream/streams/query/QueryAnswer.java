package io.gunstream.streams.query;

import io.gunstream.core.json.JsJson;

/**
 * One HTTP answer of the query API: status, JSON body and the instance ({@code host:port}) that produced it.
 *
 * @param status   HTTP status
 * @param json     body, always JSON
 * @param servedBy application.server of the instance whose store answered (or that refused)
 */
record QueryAnswer(int status, String json, String servedBy) {

    QueryAnswer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status);
        }
        if (json == null || servedBy == null) {
            throw new IllegalArgumentException("answer needs a body and the serving instance");
        }
    }

    static QueryAnswer ok(final String json, final String servedBy) {
        return new QueryAnswer(200, json, servedBy);
    }

    /** An error body {@code {"error":message,"status":n}}. */
    static QueryAnswer error(final int status, final String message, final String servedBy) {
        return new QueryAnswer(status, "{\"error\":" + JsJson.quote(message) + ",\"status\":" + status + "}", servedBy);
    }

    /** True when another replica, or the same one a little later, may answer (unreachable, timeout, rebalancing). */
    boolean isRetriable() {
        return status == 502 || status == 503 || status == 504;
    }
}
