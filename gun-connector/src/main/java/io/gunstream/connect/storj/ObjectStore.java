package io.gunstream.connect.storj;

/**
 * Where finished objects go. A put of an existing key replaces it whole (what S3 and Storj do), which is what makes
 * rewrites after a crash idempotent.
 */
interface ObjectStore extends AutoCloseable {

    /**
     * Stores {@code body} under {@code key}, replacing any object of that name.
     *
     * @throws ObjectStoreException if the store failed or could not be reached
     */
    void put(String key, ByteChunks body);

    /** Endpoint and bucket, for error messages. */
    String describe();

    @Override
    void close();
}
