/**
 * JMH benchmarks of milpnet's hot paths: building the training and verification MILPs, the core bridges, translating
 * a model into each backend's own form (no solve), and the forward pass. Inputs are synthetic and seeded ({@link
 * io.milpnet.benchmarks.TrainingModels}, {@link io.milpnet.benchmarks.RandomNetworks}), so {@code benchmarks.jar} runs
 * from any directory. See the module's README for how to run them and what each one reports.
 */
package io.milpnet.benchmarks;
