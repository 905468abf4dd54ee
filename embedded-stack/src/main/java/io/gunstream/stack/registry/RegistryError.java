package io.gunstream.stack.registry;

/** An API error with Confluent's HTTP status and {@code error_code}, answered as {@code {"error_code":..,"message":..}}. */
final class RegistryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    private RegistryError(final int httpStatus, final int errorCode, final String message, final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(final String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.", null);
    }

    static RegistryError versionNotFound(final String subject, final String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.", null);
    }

    static RegistryError schemaNotFound(final String what) {
        return new RegistryError(404, 40403, what, null);
    }

    static RegistryError subjectLevelNotConfigured(final String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured", null);
    }

    static RegistryError invalidSchema(final String message, final Throwable cause) {
        return new RegistryError(422, 42201, message, cause);
    }

    static RegistryError invalidVersion(final String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"", null);
    }

    static RegistryError invalidCompatibilityLevel(final String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                + java.util.Arrays.toString(CompatibilityLevel.values()), null);
    }

    static RegistryError incompatible(final String message) {
        return new RegistryError(409, 409, message, null);
    }

    static RegistryError badRequest(final String message, final Throwable cause) {
        return new RegistryError(400, 400, message, cause);
    }

    static RegistryError notFound(final String message) {
        return new RegistryError(404, 404, message, null);
    }

    static RegistryError methodNotAllowed(final String message) {
        return new RegistryError(405, 405, message, null);
    }

    static RegistryError storeError(final String message, final Throwable cause) {
        return new RegistryError(500, 50001, message, cause);
    }

    static RegistryError storeTimeout(final String message, final Throwable cause) {
        return new RegistryError(500, 50002, message, cause);
    }
}
