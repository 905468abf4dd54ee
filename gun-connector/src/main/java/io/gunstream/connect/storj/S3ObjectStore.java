package io.gunstream.connect.storj;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * {@link ObjectStore} over an S3-compatible endpoint (Storj's gateway, or any S3) with the AWS SDK v2: one PUT up to
 * the part size, multipart upload above it (a failed multipart upload is aborted so no parts linger).
 *
 * <p>Lifecycle: create from settings, {@link #put} from the task thread, {@link #close()} (idempotent).
 */
final class S3ObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final String CONTENT_TYPE = "application/avro";

    private final S3Client client;
    private final URI endpoint;
    private final String bucket;
    private final int partSize;

    S3ObjectStore(final S3Client client, final URI endpoint, final String bucket, final int partSize) {
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    static S3ObjectStore create(final StorjSinkConfig config) {
        final URI endpoint = config.endpoint();
        final S3Client client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(config.getString(StorjSinkConfig.REGION_CONFIG)))
                .forcePathStyle(config.getBoolean(StorjSinkConfig.PATH_STYLE_CONFIG))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        config.getPassword(StorjSinkConfig.ACCESS_KEY_CONFIG).value(),
                        config.getPassword(StorjSinkConfig.SECRET_KEY_CONFIG).value())))
                // Checksums only where S3 requires them: Storj's gateway and other S3 servers do not all know the
                // SDK's newer default CRC trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // The task retries with backoff itself (Connect redelivers meanwhile); SDK retries would only
                // stretch one put() past the consumer's poll interval.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        return new S3ObjectStore(client, endpoint, config.bucket(), config.getInt(StorjSinkConfig.PART_SIZE_CONFIG));
    }

    @Override
    public void put(final String key, final ByteChunks body) {
        try {
            if (body.size() <= partSize) {
                client.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE).contentLength(body.size()),
                        RequestBody.fromContentProvider(() -> body.open(0, body.size()), body.size(), CONTENT_TYPE));
            } else {
                putMultipart(key, body);
            }
        } catch (SdkException e) {
            throw new ObjectStoreException("upload of s3://" + bucket + "/" + key + " (" + body.size() + " bytes) to "
                    + endpoint + " failed: " + e.getMessage() + "; check s3.endpoint, the credentials and that bucket "
                    + bucket + " exists", e);
        }
    }

    private void putMultipart(final String key, final ByteChunks body) {
        final String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE))
                .uploadId();
        try {
            final List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long start = 0; start < body.size(); start += partSize, number++) {
                final long length = Math.min(partSize, body.size() - start);
                final long from = start;
                final int partNumber = number;
                final String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(partNumber).contentLength(length),
                        RequestBody.fromContentProvider(() -> body.open(from, length), length, CONTENT_TYPE)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            log.debug("Uploaded s3://{}/{} in {} parts of up to {} bytes", bucket, key, parts.size(), partSize);
        } catch (SdkException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    @Override
    public String describe() {
        return endpoint + " bucket " + bucket;
    }

    @Override
    public void close() {
        client.close();
    }
}
