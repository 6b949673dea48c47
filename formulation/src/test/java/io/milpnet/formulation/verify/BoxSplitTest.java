package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which input a failed bound halves: the line's smear, and the relatively widest input when the line cannot say. */
class BoxSplitTest {
  private static final double[] LO0 = {0, 0, 0};
  private static final double[] HI0 = {1, 1, 10};

  @Test
  void theLinesSteepestInputWhenTheShortfallIsSmall() {
    // Smear |c_i| w_i = 2 * 0.01, 0, 0.1 * 1; the widths weigh 0.01 * 0.001 at most.
    double[] line = {2, 0, 0.1, 5};
    assertEquals(2, BoxSplit.input(line, 1e-3, new double[] {0, 0, 0}, new double[] {0.01, 0.5, 1}, LO0, HI0));
  }

  @Test
  void theRelativelyWidestInputWhenTheShortfallIsLarge() {
    // The same line; a shortfall of 1000 makes 0.01 * 1000 * (0.01, 0.5, 0.1) outweigh the smear (0.02, 0, 0.1).
    double[] line = {2, 0, 0.1, 5};
    assertEquals(1, BoxSplit.input(line, 1000, new double[] {0, 0, 0}, new double[] {0.01, 0.5, 1}, LO0, HI0));
  }

  @Test
  void noInputWhenNothingWeighs() {
    assertEquals(-1, BoxSplit.input(new double[] {0, 0, 0, 1}, 0, new double[] {0, 0, 0}, new double[] {1, 1, 1},
        LO0, HI0));
  }
}
