/**
 * The ojAlgo backend (pure Java, no native code): arrives with the pluggable-backends issue, which binds it under the
 * name {@code ojalgo} and holds it to the conformance kit. The module exists so the build's shape is final.
 */
package io.milpnet.backend.ojalgo;
