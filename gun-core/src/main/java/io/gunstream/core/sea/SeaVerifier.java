package io.gunstream.core.sea;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;

/**
 * Verifies SEA signatures exactly as {@code SEA.verify} (gun@0.2020.1241) accepts them: the signed bytes are
 * {@code SHA-256(TextEncoder.encode(text))}, verified with ECDSA P-256 / SHA-256 (WebCrypto hashes again), the
 * signature is the raw 64-byte r||s in standard base64 decoded like {@code atob}. Stateless and thread-safe.
 */
public final class SeaVerifier {

    /** The JDK's ECDSA that takes WebCrypto's raw r||s (IEEE P1363) instead of DER. */
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int SIGNATURE_BYTES = 64;

    private SeaVerifier() {
    }

    /**
     * True if {@code signatureBase64} is {@code pub}'s signature of {@code text} as {@code SEA.sign} makes it.
     * A malformed signature is simply not valid: this never throws for bad input.
     */
    public static boolean verify(final String text, final String signatureBase64, final SeaPublicKey pub) {
        final byte[] signature = decodeSignature(signatureBase64);
        return signature != null && verifyDigest(WebBytes.sha256(text), signature, pub);
    }

    /** True if {@code signature} verifies with {@code pub} over any text SEA may have hashed for its message. */
    public static boolean verify(final SeaSignature signature, final SeaPublicKey pub) {
        final byte[] raw = decodeSignature(signature.signature());
        return raw != null && verifyAny(signature.signedTexts(), raw, pub);
    }

    /**
     * {@code SEA.verify(wireText, pub) !== undefined} for well-formed input; false for anything malformed
     * (bad JSON, bad key, bad base64). Never throws.
     */
    public static boolean verify(final String wireText, final String pub) {
        try {
            return verify(SeaSignature.parse(wireText), SeaPublicKey.parse(pub));
        } catch (final SeaException e) {
            return false;
        }
    }

    static boolean verifyAny(final List<String> texts, final byte[] signature, final SeaPublicKey pub) {
        for (final String text : texts) {
            if (verifyDigest(WebBytes.sha256(text), signature, pub)) {
                return true;
            }
        }
        return false;
    }

    /** The 64 signature bytes, or null where {@code atob} fails or the length is not 64 (WebCrypto rejects it). */
    static byte[] decodeSignature(final String signatureBase64) {
        if (signatureBase64 == null) {
            return null;
        }
        final byte[] raw = WebBytes.forgivingBase64(signatureBase64);
        return raw != null && raw.length == SIGNATURE_BYTES ? raw : null;
    }

    private static boolean verifyDigest(final byte[] digest, final byte[] signature, final SeaPublicKey pub) {
        try {
            final Signature ecdsa = Signature.getInstance(ALGORITHM);
            ecdsa.initVerify(pub.key());
            ecdsa.update(digest);
            return ecdsa.verify(signature);
        } catch (final java.security.SignatureException e) {
            return false; // r or s out of range: not a valid signature
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + ALGORITHM + " is unavailable for key " + pub.pub(), e);
        }
    }
}
