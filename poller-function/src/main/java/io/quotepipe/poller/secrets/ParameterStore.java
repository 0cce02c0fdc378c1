package io.quotepipe.poller.secrets;

/**
 * Reads a decrypted SecureString from AWS Systems Manager Parameter Store. An interface so that the
 * key resolution can be tested without AWS (no SSM emulator runs here): {@link SsmParameterStore}
 * in production, a map in tests.
 */
@FunctionalInterface
public interface ParameterStore {

    /**
     * @throws LookupException naming the parameter (never its value) and saying what to do
     */
    String decrypted(String name) throws LookupException;

    /** The parameter could not be read. */
    final class LookupException extends Exception {

        private final boolean permanent;

        /**
         * @param permanent true when retrying cannot help (missing parameter, access denied); false for outages
         */
        public LookupException(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
