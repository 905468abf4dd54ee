package io.gunstream.core.sea;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * A SEA signing public key in gun's text form {@code x.y} (the JWK coordinates of a P-256 point, base64url without
 * padding, as {@code SEA.pair} prints them), with the JDK key it denotes. The point is checked to lie on the curve.
 *
 * @param pub the key text, e.g. {@code YhZJ...pM0.QdOE...}
 * @param key the same point as a JDK key, usable with {@code SHA256withECDSA}
 */
public record SeaPublicKey(String pub, ECPublicKey key) {

    /** P-256 (secp256r1) domain parameters. */
    static final ECParameterSpec P256 = p256();

    private static final BigInteger P = new BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger B = new BigInteger(
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    public SeaPublicKey {
        Objects.requireNonNull(pub, "pub");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Parses {@code x.y}.
     *
     * @throws SeaException with {@link SeaReason#MALFORMED_PUBLIC_KEY} if it is not two 32-byte base64url
     *                      coordinates, or {@link SeaReason#PUBLIC_KEY_NOT_ON_CURVE} if the point is not on P-256
     */
    public static SeaPublicKey parse(final String pub) {
        if (pub == null) {
            throw new SeaException(SeaReason.MALFORMED_PUBLIC_KEY, "SEA public key is missing");
        }
        final int dot = pub.indexOf('.');
        if (dot < 0 || pub.indexOf('.', dot + 1) >= 0) {
            throw new SeaException(SeaReason.MALFORMED_PUBLIC_KEY,
                    "SEA public key " + SeaException.abbreviate(pub) + " must be 'x.y' (two base64url coordinates)");
        }
        final BigInteger x = coordinate(pub, pub.substring(0, dot), "x");
        final BigInteger y = coordinate(pub, pub.substring(dot + 1), "y");
        if (!onCurve(x, y)) {
            throw new SeaException(SeaReason.PUBLIC_KEY_NOT_ON_CURVE,
                    "SEA public key " + SeaException.abbreviate(pub) + " is not a point on the P-256 curve");
        }
        try {
            final ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
            return new SeaPublicKey(pub, key);
        } catch (final GeneralSecurityException e) {
            throw new SeaException(SeaReason.MALFORMED_PUBLIC_KEY,
                    "SEA public key " + SeaException.abbreviate(pub) + " is rejected by the JDK: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SeaPublicKey[" + pub + "]";
    }

    private static BigInteger coordinate(final String pub, final String text, final String name) {
        // 43 base64url characters = 32 bytes; SEA.opt.pub only ever yields [A-Za-z0-9_-] runs.
        boolean alphabet = text.length() == 43;
        for (int i = 0; alphabet && i < text.length(); i++) {
            final char c = text.charAt(i);
            alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!alphabet) {
            throw new SeaException(SeaReason.MALFORMED_PUBLIC_KEY, "SEA public key " + SeaException.abbreviate(pub)
                    + ": coordinate " + name + " must be 43 base64url characters (32 bytes), got "
                    + SeaException.abbreviate(text));
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(text));
    }

    /** y² = x³ − 3x + b (mod p), both coordinates reduced. */
    private static boolean onCurve(final BigInteger x, final BigInteger y) {
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return false;
        }
        final BigInteger left = y.multiply(y).mod(P);
        final BigInteger right = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
        return left.equals(right);
    }

    private static ECParameterSpec p256() {
        try {
            final AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no P-256 (secp256r1) curve", e);
        }
    }
}
