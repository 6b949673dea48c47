package io.milpnet.cli;

/**
 * Pareto optimality of runs that trade accuracy (higher is better) against a cost (nonzero weights, live units: lower
 * is better). A run is on the front when no run of its group is at least as accurate and at most as costly and better
 * in one of the two; runs with the same accuracy and cost are both on it. Runs without a number (NaN: failed, no test
 * set) are never on the front and dominate nothing.
 */
final class ParetoFront {
  private ParetoFront() {}

  /**
   * @param group runs compare only within their group (the data set: a front across data sets means nothing)
   * @return per run, whether it is on its group's front
   */
  static boolean[] optimal(double[] accuracy, double[] cost, String[] group) {
    int n = accuracy.length;
    boolean[] front = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(accuracy[i]) || Double.isNaN(cost[i])) {
        continue;
      }
      boolean dominated = false;
      for (int j = 0; j < n && !dominated; j++) {
        if (j == i || !group[j].equals(group[i]) || Double.isNaN(accuracy[j]) || Double.isNaN(cost[j])) {
          continue;
        }
        dominated = accuracy[j] >= accuracy[i] && cost[j] <= cost[i]
            && (accuracy[j] > accuracy[i] || cost[j] < cost[i]);
      }
      front[i] = !dominated;
    }
    return front;
  }
}
