/**
 * The ojAlgo backend (pure Java, no native code), selected by the name {@code ojalgo} and held to the conformance kit.
 * ojAlgo is correct but slow on MILP, has no indicator constraints (the bridges supply big-M rows) and no best-bound
 * getter; {@link io.milpnet.backend.ojalgo.OjAlgoBackend} documents each measured quirk.
 */
package io.milpnet.backend.ojalgo;
