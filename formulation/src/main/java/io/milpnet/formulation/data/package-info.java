/**
 * Reading a labelled data set from CSV and preparing it for training: class labels, min-max scaling
 * fitted on the training set, a reproducible stratified train/test split and test-column alignment;
 * {@link io.milpnet.formulation.data.DataPreparation} does all of it for a training run (the constant columns dropped,
 * the scaling chosen, a per-class sample drawn) and returns {@link io.milpnet.formulation.data.PreparedData}.
 *
 * <p>Every problem with the user's data is a {@link io.milpnet.formulation.data.DatasetException} whose
 * one-line message names the file, the line and column where relevant, and what to do about it.
 */
package io.milpnet.formulation.data;
