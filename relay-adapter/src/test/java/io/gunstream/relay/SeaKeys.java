package io.gunstream.relay;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** SEA-shaped test material: a real P-256 public key in gun's {@code x.y} form and a signature that signs nothing. */
final class SeaKeys {

    private SeaKeys() {
    }

    static String randomPub() throws Exception {
        final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        final ECPublicKey key = (ECPublicKey) g.generateKeyPair().getPublic();
        return coordinate(key.getW().getAffineX()) + "." + coordinate(key.getW().getAffineY());
    }

    static String randomSignature() {
        final byte[] sig = new byte[64];
        ThreadLocalRandom.current().nextBytes(sig);
        return Base64.getEncoder().encodeToString(sig);
    }

    private static String coordinate(final BigInteger v) {
        final byte[] raw = v.toByteArray();
        final byte[] fixed = new byte[32];
        System.arraycopy(raw, Math.max(0, raw.length - 32), fixed, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
