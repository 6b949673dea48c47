/**
 * Benchmark suites (tightness, backends) and JMH benchmarks: arrive with the formulation-tightness issue. The module
 * exists so the build's shape is final.
 */
package io.milpnet.benchmarks;
