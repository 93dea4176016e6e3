package dev.hookline.local.secrets;

/**
 * An error the emulator answers with, in the AWS JSON 1.1 shape {@code {"__type": type, "message": message}}.
 * The {@code type} is the Secrets Manager error code, which the SDK maps to its modeled exception
 * (for example {@code ResourceNotFoundException}). Messages never contain secret values.
 */
final class ApiError extends RuntimeException {

    private final String type;
    private final int status;

    private ApiError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static ApiError notFound(String message) {
        return new ApiError("ResourceNotFoundException", 400, message);
    }

    static ApiError exists(String message) {
        return new ApiError("ResourceExistsException", 400, message);
    }

    static ApiError invalidParameter(String message) {
        return new ApiError("InvalidParameterException", 400, message);
    }

    static ApiError invalidRequest(String message) {
        return new ApiError("InvalidRequestException", 400, message);
    }

    static ApiError invalidNextToken(String message) {
        return new ApiError("InvalidNextTokenException", 400, message);
    }

    /** A request that breaks the API model's constraints (required member, length, range), as AWS reports it. */
    static ApiError validation(String message) {
        return new ApiError("ValidationException", 400, message);
    }

    static ApiError serialization(String message) {
        return new ApiError("SerializationException", 400, message);
    }

    static ApiError unknownOperation(String message) {
        return new ApiError("UnknownOperationException", 400, message);
    }

    static ApiError internal(String message) {
        return new ApiError("InternalServiceError", 500, message);
    }
}
