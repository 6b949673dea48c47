package io.milpnet.formulation.verify;

/**
 * One linear condition of a property: {@code x . X + y . Y <= bound} over the network's inputs X and outputs Y.
 * {@code text} is how the file wrote it, for messages.
 */
public record LinearAtom(double[] x, double[] y, double bound, String text) {

  /** The condition's slack at a point: {@code bound - (x.X + y.Y)}; the condition holds when it is >= 0. */
  public double slack(double[] inputs, double[] outputs) {
    double lhs = 0;
    for (int i = 0; i < x.length; i++) {
      lhs += x[i] * inputs[i];
    }
    for (int j = 0; j < y.length; j++) {
      lhs += y[j] * outputs[j];
    }
    return bound - lhs;
  }

  /** Index of the only input this atom reads, with no output, or -1 (such atoms are input bounds). */
  public int singleInput() {
    for (double c : y) {
      if (c != 0) {
        return -1;
      }
    }
    int found = -1;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  public boolean readsOutputs() {
    for (double c : y) {
      if (c != 0) {
        return true;
      }
    }
    return false;
  }
}
