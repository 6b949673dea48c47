/**
 * The lp_solve 5.5 backend ({@code lpsolve}) through JNA: {@link io.milpnet.backend.lpsolve.LpSolveBackend}, bound by
 * {@link io.milpnet.backend.lpsolve.LpSolveModule}. Needs the system library {@code liblpsolve55} ({@code apt-get
 * install lp-solve}, or {@code MILPNET_LPSOLVE_LIB=/path/to/liblpsolve55.so}); without it the backend reports itself
 * unavailable and never throws a linkage error.
 */
package io.milpnet.backend.lpsolve;
