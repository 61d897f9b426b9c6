package dev.k2.engine.ring;

/** A stage failed (a journal I/O error, say): intake stops, and this says why. */
public final class EngineFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
