/**
 * A whole training run as a library call: {@link io.milpnet.formulation.pipeline.TrainingPipeline} takes the data
 * prepared by {@link io.milpnet.formulation.data.DataPreparation}, the architecture, a
 * {@link io.milpnet.formulation.train.TrainingConfig} and plain {@link io.milpnet.formulation.pipeline.PipelineSettings},
 * chooses validation and the strategy, warm-starts and restricts the problem, solves it, and returns a
 * {@link io.milpnet.formulation.pipeline.PipelineResult}; its progress goes to a
 * {@link io.milpnet.formulation.pipeline.PipelineListener}. {@code milpnet train} is this call plus option parsing and
 * reporting.
 */
package io.milpnet.formulation.pipeline;
