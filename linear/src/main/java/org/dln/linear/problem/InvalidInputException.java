package org.dln.linear.problem;

/**
 * Bad input: the problem (or a file) cannot be solved as given. The message names the field and the fix;
 * the command line prints it and exits with code 2.
 */
public final class InvalidInputException extends RuntimeException {
    private final InputError kind;
    private final String field;

    public InvalidInputException(InputError kind, String field, Object... args) {
        super(kind.format(args));
        this.kind = kind;
        this.field = field;
    }

    /** Which entry of the catalogue this is. */
    public InputError kind() {
        return kind;
    }

    /** The input field at fault (as spelled in the JSON problem file). */
    public String field() {
        return field;
    }
}
