package io.gunstream.connect.storj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An object store in a map, for unit tests; can be told to fail the next puts like an unreachable endpoint. */
final class InMemoryObjectStore implements ObjectStore {

    final Map<String, byte[]> objects = new TreeMap<>();
    final List<String> putLog = new ArrayList<>();
    int failNextPuts;

    @Override
    public void put(final String key, final ByteChunks body) {
        if (failNextPuts > 0) {
            failNextPuts--;
            throw new ObjectStoreException("upload of s3://test/" + key + " to memory failed: told to fail", null);
        }
        objects.put(key, body.toByteArray());
        putLog.add(key);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        // nothing held
    }
}
