package org.dln.linear.problem;

/**
 * The message catalogue of every bad-input error that dln reports. Each entry names the offending field
 * and says how to fix it; {@link InvalidInputException} is built only from these entries so that the
 * command line and the library say the same thing in the same words.
 */
public enum InputError {
    MISSING("'%s' is missing: %s"),
    NOT_FINITE("'%s' contains %s at %s: every entry must be a finite number"),
    NOT_SQUARE("'%s' must be a square %d x %d matrix but row %d has %d entries"),
    NOT_SYMMETRIC("'%s' is not symmetric: entry [%d][%d] = %s but [%d][%d] = %s (a Gram matrix must satisfy Kx = Kx^T; symmetrize it or pass raw inputs X)"),
    NOT_PSD("'%s' is not positive semi-definite: its smallest eigenvalue is %s (a Gram matrix x.x'/D has no negative eigenvalues; check how it was computed, or pass raw inputs X)"),
    SIZE_MISMATCH("'%s' has %d entries but %s has %d: they must match"),
    RAGGED("'%s' row %d has %d entries but row 0 has %d: every row must have the same length"),
    OUT_OF_RANGE("'%s' = %s is out of range: %s"),
    UNKNOWN_VALUE("'%s' = '%s' is not one of %s"),
    BOTH_GIVEN("give either '%s' or '%s', not both"),
    ETA_UNSTABLE("'eta' = %s is beyond the stability limit of gradient descent: eta * lambda_max(K(0)) = %s >= 2 "
            + "(lambda_max of the initial NTK = %s); use eta < %s"),
    DIVERGED("gradient descent diverged at time step %d (loss %s): 'eta' = %s is too large for this problem "
            + "(the kernels grow during feature learning; at that step eta * lambda_max(K(t)) = %s); reduce eta"),
    SIM_DIVERGED("the finite-width simulation diverged at time step %d (seed %d: %s is not finite): 'eta' = %s is too large "
            + "for gradient descent on this problem; reduce eta"),
    UNREADABLE("cannot read %s '%s': %s"),
    UNWRITABLE("cannot write %s '%s': %s"),
    WRONG_TYPE("'%s' must be %s, not %s"),
    UNKNOWN_FIELD("'%s' is not a field of %s%s (the fields are listed in docs/formats.md, 'Problem files')"),
    NOT_WITH("'%s' cannot be used with '%s': %s"),
    INPUTS_TOO_LARGE("'%s' is too large: the Gram matrix %s = %s / D has the non-finite entry [%d][%d] = %s (a double overflows); rescale the inputs, e.g. divide them by their largest entry"),
    BAD_EXPRESSION("'%s' = '%s' is not a valid expression: %s (write it in Symja/Mathematica syntax in the variables %s, e.g. 2*Sqrt(1+g^2*y^2))"),
    BAD_RANGE("'%s' = '%s' is not a list of integers: write e.g. 2, 1..4 or 1,3 (%s)"),
    BAD_ACTIVATION("'activation' = '%s' cannot be used: %s"),
    SAMPLER_UNSUPPORTED("the sampling solver (--sampler, or any activation other than identity) does not support %s: %s"),
    TOO_LARGE("'%s' = %s: %s needs %s bytes of %s, the heap has %s; reduce %s (or raise the heap: java -Xmx..., DLN_JAVA_OPTS)"),
    SWEEP_POINT("sweep point %d (%s): %s"),
    SWEEP_TABLE("the sweep table '%s' cannot be resumed: %s; rerun with --restart to start it afresh, or give another --out"),
    ARRAY_TOO_LARGE("'%s' = %s: %s needs one array of %s entries (%s), beyond Java's limit of 2^31 - 8; reduce %s");

    private final String template;

    InputError(String template) {
        this.template = template;
    }

    /** The formatted message for the given arguments. */
    public String format(Object... args) {
        return String.format(java.util.Locale.ROOT, template, args);
    }
}
