package io.herald.broker.store;

/**
 * A store cannot be opened, read or written. Its message is one line that says which store and why,
 * fit to be shown to an operator as it is.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
