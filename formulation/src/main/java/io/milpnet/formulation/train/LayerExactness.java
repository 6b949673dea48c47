package io.milpnet.formulation.train;

/**
 * What the MILP says about one layer: its weight domain and whether the encoding is exact (every constraint an exact
 * reformulation, no relaxation), with the reason in words for the summary.
 */
public record LayerExactness(int layer, String weights, String bias, boolean exact, String note) {}
