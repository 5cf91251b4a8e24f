package org.gatehouse.extension.qualification;

/** The answer of install qualification (docs/extensions.md "Install qualification"). */
public enum Verdict {
    /** Install as uploaded, with the extension's own policy. */
    ENABLE,
    /** Install only under the {@link Qualification#conditions() conditions} given with the verdict. */
    CONDITIONAL_ENABLE,
    /** Do not install; {@link Qualification#reasons()} says why. */
    DENY
}
