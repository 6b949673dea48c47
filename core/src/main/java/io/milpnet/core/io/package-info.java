/**
 * Model files: {@link io.milpnet.core.io.MpsReader} and {@link io.milpnet.core.io.MpsWriter} (MPS, round-trip exact)
 * and {@link io.milpnet.core.io.LpWriter} (CPLEX LP, for reading by eye and by other solvers). Hand-written, with
 * no third-party parser, so that {@code core} stays light.
 */
package io.milpnet.core.io;
