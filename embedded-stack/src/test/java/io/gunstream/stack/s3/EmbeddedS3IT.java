package io.gunstream.stack.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {

    private static final int MIB = 1024 * 1024;

    @Test
    void createsBucketAndPutsGetsListsObjects() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start(); S3Client client = client(s3, s3.secretKey())) {
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains("gunstream");

            client.createBucket(b -> b.bucket("other"));
            client.putObject(b -> b.bucket("other").key("a/1.txt"), RequestBody.fromString("one"));
            client.putObject(b -> b.bucket("other").key("a/2.txt"), RequestBody.fromString("two"));
            client.putObject(b -> b.bucket("other").key("b/3.txt"), RequestBody.fromString("three"));

            assertThat(client.getObjectAsBytes(b -> b.bucket("other").key("a/2.txt")).asUtf8String()).isEqualTo("two");
            assertThat(client.listObjectsV2(b -> b.bucket("other").prefix("a/")).contents())
                    .extracting(S3Object::key).containsExactly("a/1.txt", "a/2.txt");
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains("gunstream", "other");
        }
    }

    @Test
    void multipartUploadOf70MibRoundTripsByteForByte() throws Exception {
        final long total = 70L * MIB;
        final int partSize = 16 * MIB;
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start(); S3Client client = client(s3, s3.secretKey())) {
            final String uploadId = client.createMultipartUpload(b -> b.bucket("gunstream").key("big/object.bin")).uploadId();
            final MessageDigest uploaded = sha256();
            final SplittableRandom random = new SplittableRandom(42);
            final List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int partNumber = 1; sent < total; partNumber++) {
                final byte[] part = new byte[(int) Math.min(partSize, total - sent)];
                fill(random, part);
                uploaded.update(part);
                final int n = partNumber;
                final String etag = client.uploadPart(b -> b.bucket("gunstream").key("big/object.bin")
                        .uploadId(uploadId).partNumber(n), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                sent += part.length;
            }
            client.completeMultipartUpload(b -> b.bucket("gunstream").key("big/object.bin").uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));

            assertThat(parts).hasSize(5);
            assertThat(client.headObject(b -> b.bucket("gunstream").key("big/object.bin")).contentLength()).isEqualTo(total);
            final MessageDigest downloaded = sha256();
            long received = 0;
            try (ResponseInputStream<GetObjectResponse> in =
                         client.getObject(b -> b.bucket("gunstream").key("big/object.bin"))) {
                received = digest(in, downloaded);
            }
            assertThat(received).isEqualTo(total);
            assertThat(HexFormat.of().formatHex(downloaded.digest()))
                    .isEqualTo(HexFormat.of().formatHex(uploaded.digest()));
        }
    }

    @Test
    void restartOnTheSameDataDirKeepsObjects(@TempDir final Path dir) {
        final Path dataDir = dir.resolve("s3");
        try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDir(dataDir).start(); S3Client client = client(s3, s3.secretKey())) {
            client.putObject(b -> b.bucket("gunstream").key("kept.txt"), RequestBody.fromString("still here"));
        }
        assertThat(dataDir).isDirectory();
        try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDir(dataDir).start(); S3Client client = client(s3, s3.secretKey())) {
            assertThat(client.getObjectAsBytes(b -> b.bucket("gunstream").key("kept.txt")).asUtf8String())
                    .isEqualTo("still here");
        }
    }

    @Test
    void temporaryDataDirIsDeletedOnClose() {
        final Path dataDir;
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start(); S3Client client = client(s3, s3.secretKey())) {
            client.putObject(b -> b.bucket("gunstream").key("x"), RequestBody.fromString("x"));
            dataDir = s3.dataDir();
            assertThat(dataDir.resolve("gunstream")).isDirectory();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void wrongCredentialsAreRefusedWith403() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start(); S3Client client = client(s3, "not-the-secret")) {
            assertThatThrownBy(() -> client.putObject(b -> b.bucket("gunstream").key("x"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(client::listBuckets)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void portInUseGivesAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedS3.builder().port(port).start())
                    .isInstanceOf(S3StartException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void unwritableDataDirGivesAClearError(@TempDir final Path dir) throws IOException {
        // A regular file where a directory should be fails even for root, unlike permission bits.
        final Path file = Files.writeString(dir.resolve("a-file"), "not a dir", StandardCharsets.UTF_8);
        final Path dataDir = file.resolve("s3");
        assertThatThrownBy(() -> EmbeddedS3.builder().dataDir(dataDir).start())
                .isInstanceOf(S3StartException.class)
                .hasMessageContaining(dataDir.toString())
                .hasMessageContaining("writable");
    }

    private static S3Client client(final EmbeddedS3 s3, final String secret) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
                .build();
    }

    private static void fill(final SplittableRandom random, final byte[] part) {
        for (int i = 0; i < part.length; i += 8) {
            long v = random.nextLong();
            for (int j = i; j < Math.min(i + 8, part.length); j++) {
                part[j] = (byte) v;
                v >>>= 8;
            }
        }
    }

    private static long digest(final InputStream in, final MessageDigest md) throws IOException {
        final byte[] buf = new byte[1 << 16];
        long count = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
            count += n;
        }
        return count;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
