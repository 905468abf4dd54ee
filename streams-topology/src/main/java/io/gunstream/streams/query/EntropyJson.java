package io.gunstream.streams.query;

import io.gunstream.core.json.JsJson;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.convert.GunAvro;

/**
 * The latest entropy sample of a source as JSON:
 * {@code {"source":s,"key":k|null,"state":n,"value":v,"numeric_value":n|null,"timestamp":epochMillis}}. Names match
 * the Avro record (and so the PostgreSQL columns); numbers and strings are printed as gun.js prints them.
 */
public final class EntropyJson {

    private EntropyJson() {
    }

    public static String write(final EntropySample sample) {
        final StringBuilder out = new StringBuilder(128);
        out.append("{\"source\":");
        JsJson.appendQuoted(out, sample.getSource());
        out.append(",\"key\":");
        if (sample.getKey() == null) {
            out.append("null");
        } else {
            JsJson.appendQuoted(out, sample.getKey());
        }
        out.append(",\"state\":").append(JsJson.number(sample.getState()));
        out.append(",\"value\":").append(GunAvro.toCore(sample.getValue()).toJson());
        out.append(",\"numeric_value\":");
        final Double numeric = sample.getNumericValue();
        out.append(numeric == null || !Double.isFinite(numeric) ? "null" : JsJson.number(numeric));
        out.append(",\"timestamp\":").append(sample.getTimestamp().toEpochMilli());
        return out.append('}').toString();
    }
}
