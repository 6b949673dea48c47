/**
 * The lp_solve 5.5 backend through JNA: arrives with the pluggable-backends issue, which binds it under the name
 * {@code lpsolve}. The module exists so the build's shape is final.
 */
package io.milpnet.backend.lpsolve;
