package io.milpnet.formulation.data;

import java.util.Objects;

/** A data set divided into the samples to train on and the held-out samples to evaluate on. */
public record TrainTestSplit(Dataset train, Dataset test) {

  public TrainTestSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
  }
}
