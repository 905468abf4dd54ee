package io.gunstream.connect.config;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/** A closed set of setting values, each with its lower-case wire value; {@link #parse} is shared by all of them. */
public interface WireEnum {

    /** The value as written in a connector configuration. */
    String wireValue();

    /** The wire values of {@code type}, for {@code ConfigDef.ValidString.in(...)}. */
    static <E extends Enum<E> & WireEnum> String[] wireValues(final Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wireValue).toArray(String[]::new);
    }

    /** The constant of {@code type} whose wire value is {@code value} (case-insensitive). */
    static <E extends Enum<E> & WireEnum> E parse(final Class<E> type, final String key, final String value) {
        final String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.wireValue().equals(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(key, value, "must be one of " + Arrays.toString(wireValues(type)));
    }
}
