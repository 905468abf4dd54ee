package io.gunstream.core.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Formats doubles exactly as JavaScript's {@code Number.prototype.toString()} / {@code JSON.stringify} do.
 *
 * <p>Why by hand: HAM breaks equal-state ties by comparing {@code JSON.stringify} output as text, so
 * {@code 1e21} must become {@code "1e+21"}, {@code 1.0} must become {@code "1"} and {@code -0} must become
 * {@code "0"}, or gunstream picks a different winner than gun.js. Java's {@code Double.toString} differs in
 * format and, on Java 17, is not always the shortest round-trip form. Jackson's Schubfach port gives the
 * shortest digits (the same digits ECMAScript requires); this class only lays them out by ECMAScript's
 * Number::toString rules.
 */
public final class JsNumbers {

    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    private JsNumbers() {
    }

    /**
     * JavaScript's string form of a finite double.
     *
     * @throws IllegalArgumentException for NaN or infinities, which JSON cannot carry
     */
    public static String toJsString(final double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == 0) {
            return "0"; // also -0, as in JavaScript
        }
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            // Fast path: below 2^53 every integer's shortest digits are its exact digits. Above, V8 prints the
            // shortest round-trip digits padded with zeros (2^58+... prints as ...070, not ...072).
            return Long.toString((long) value);
        }
        final Decimal decimal = Decimal.of(value);
        return decimal.toJsString(value < 0);
    }

    /** Shortest decimal digits {@code d1 d2 ... dk} and exponent {@code n} with value = 0.d1...dk × 10^n. */
    private record Decimal(String digits, int pointPosition) {

        static Decimal of(final double value) {
            // Schubfach prints e.g. "1.2345E-7", "123.45", "1.0E21": extract digits and exponent.
            final String java = DoubleToDecimal.toString(Math.abs(value));
            final int e = java.indexOf('E');
            final String mantissa = e < 0 ? java : java.substring(0, e);
            final int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
            final int dot = mantissa.indexOf('.');
            final String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
            final String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
            String all = intPart + fracPart;
            int point = intPart.length() + exponent;
            // strip leading zeros (e.g. "0.001") and trailing zeros (e.g. "1.0")
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') {
                lead++;
            }
            all = all.substring(lead);
            point -= lead;
            int end = all.length();
            while (end > 1 && all.charAt(end - 1) == '0') {
                end--;
            }
            final Decimal decimal = new Decimal(all.substring(0, end), point);
            return decimal.digits.length() == 2 ? decimal.shortenToOneDigit(Math.abs(value)) : decimal;
        }

        /**
         * Java's algorithm never prints fewer than two significant digits, so where one digit already
         * identifies the double (e.g. {@code Double.MIN_VALUE}: Java "4.9E-324", V8 "5e-324") it can pick a
         * different two-digit neighbour. ECMAScript takes the fewest digits, closest to the value on a tie.
         */
        private Decimal shortenToOneDigit(final double magnitude) {
            final int first = digits.charAt(0) - '0';
            Decimal best = this;
            BigDecimal bestDistance = null;
            final BigDecimal exact = new BigDecimal(magnitude);
            for (int d = first; d <= first + 1; d++) {
                final Decimal candidate = d == 10 ? new Decimal("1", pointPosition + 1) : new Decimal(Integer.toString(d), pointPosition);
                final BigDecimal candidateValue = new BigDecimal(BigInteger.valueOf(Long.parseLong(candidate.digits)),
                        -(candidate.pointPosition - candidate.digits.length()));
                if (candidateValue.doubleValue() != magnitude) {
                    continue;
                }
                final BigDecimal distance = candidateValue.subtract(exact).abs();
                if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }

        /** ECMAScript Number::toString(10), steps for k digits and n = pointPosition. */
        String toJsString(final boolean negative) {
            final int k = digits.length();
            final int n = pointPosition;
            final StringBuilder out = new StringBuilder(k + 8);
            if (negative) {
                out.append('-');
            }
            if (k <= n && n <= 21) {
                out.append(digits).append("0".repeat(n - k));
            } else if (0 < n && n <= 21) {
                out.append(digits, 0, n).append('.').append(digits, n, k);
            } else if (-6 < n && n <= 0) {
                out.append("0.").append("0".repeat(-n)).append(digits);
            } else {
                final int exp = n - 1;
                out.append(digits.charAt(0));
                if (k > 1) {
                    out.append('.').append(digits, 1, k);
                }
                out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
            }
            return out.toString();
        }
    }
}
