package io.milpnet.formulation.activation;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * A continuous piecewise-linear activation {@code f(a) = c + s a + sum_k w_k relu(a - t_k)}: encoded exactly with
 * one ReLU formulation per piece (one binary per piece the bounds leave undecided), relaxed for verification by each
 * piece's triangle, and differentiated piece by piece. A new activation of this family states its pieces and its key.
 */
public abstract class PiecewiseLinear implements Activation {
  private final double constant;
  private final double slope;
  private final List<Kink> kinks;

  /**
   * A kink {@code weight relu(a - threshold)}; {@code prefix} starts the names of its encoding's variables (empty for
   * an activation with one kink, so that its variables carry the unit's name).
   */
  public record Kink(double weight, double threshold, String prefix) {}

  protected PiecewiseLinear(double constant, double slope, List<Kink> kinks) {
    this.constant = constant;
    this.slope = slope;
    this.kinks = List.copyOf(kinks);
  }

  @Override
  public double apply(double a) {
    double h = constant;
    if (slope != 0.0) {
      h += slope * a;
    }
    for (Kink k : kinks) {
      h += k.weight() * Math.max(0.0, a - k.threshold());
    }
    return h;
  }

  @Override
  public double straightThrough(double a) {
    double d = slope;
    for (Kink k : kinks) {
      d += a > k.threshold() ? k.weight() : 0.0;
    }
    return d;
  }

  @Override
  public double lipschitz() {
    double worst = Math.abs(slope);
    double d = slope;
    for (Kink k : sortedKinks()) {
      d += k.weight();
      worst = Math.max(worst, Math.abs(d));
    }
    return worst;
  }

  private List<Kink> sortedKinks() {
    List<Kink> sorted = new ArrayList<>(kinks);
    sorted.sort((x, y) -> Double.compare(x.threshold(), y.threshold()));
    return sorted;
  }

  /** Positively homogeneous when every kink is at 0 and there is no constant: {@code f(s a) = s f(a)}. */
  @Override
  public boolean positivelyHomogeneous() {
    return constant == 0.0 && kinks.stream().allMatch(k -> k.threshold() == 0.0);
  }

  /** The smallest and largest value over the interval's ends and the kinks inside it. */
  @Override
  public Interval range(Interval pre) {
    double lo = Math.min(apply(pre.lo()), apply(pre.hi()));
    double hi = Math.max(apply(pre.lo()), apply(pre.hi()));
    for (Kink k : kinks) {
      if (k.threshold() > pre.lo() && k.threshold() < pre.hi()) {
        double v = apply(k.threshold());
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return new Interval(lo, hi);
  }

  @Override
  public ActivationUnit encode(Model model, Signal pre, ReluFormulation relu, boolean indicators, String name) {
    if (kinks.isEmpty() && constant == 0.0 && slope == 1.0) {
      return new ActivationUnit(pre, List.of());
    }
    Interval b = pre.bounds();
    List<ActivationUnit.Piece> pieces = new ArrayList<>(kinks.size());
    for (Kink k : kinks) {
      double t = k.threshold();
      LinearExpr shifted = t == 0.0 ? pre.expr() : pre.expr().plus(LinearExpr.constant(-t));
      Interval bounds = t == 0.0 ? b : new Interval(b.lo() - t, b.hi() - t);
      ReluOutput out = relu.encode(model, shifted, bounds, k.prefix() + name);
      pieces.add(new ActivationUnit.Piece(out, t, false));
    }
    if (kinks.size() == 1 && constant == 0.0 && slope == 0.0 && kinks.get(0).weight() == 1.0) {
      return new ActivationUnit(pieces.get(0).unit().output(), pieces);
    }
    LinearExpr.Builder h = LinearExpr.builder();
    if (constant != 0.0) {
      h.addConstant(constant);
    }
    if (slope != 0.0) {
      h.add(slope, pre.expr());
    }
    for (int p = 0; p < kinks.size(); p++) {
      h.add(kinks.get(p).weight(), pieces.get(p).unit().output().expr());
    }
    return new ActivationUnit(new Signal(h.build(), range(b)), pieces);
  }

  @Override
  public boolean verifiable() {
    return true;
  }

  /**
   * The sum of the kinks' relaxations: a kink the interval decides is its line; an undecided one lies between the
   * lower line {@code lambda (a - t)} ({@code lambda} = 1 when more of the interval is above the kink than below, else
   * 0) and the chord through its ends. A kink with a negative weight swaps the two.
   */
  @Override
  public Relaxation relax(double lo, double hi) {
    double lowSlope = slope;
    double upSlope = slope;
    double lowIntercept = constant;
    double upIntercept = constant;
    int unstable = 0;
    for (Kink k : kinks) {
      double t = k.threshold();
      double l = lo - t;
      double u = hi - t;
      double ls = 0;
      double li = 0;
      double us = 0;
      double ui = 0;
      if (l >= 0) {
        ls = 1;
        li = -t;
        us = 1;
        ui = -t;
      } else if (u > 0) {
        unstable++;
        us = u / (u - l);
        ui = -us * (t + l);
        ls = u > -l ? 1 : 0;
        li = -ls * t;
      }
      double w = k.weight();
      if (w >= 0) {
        lowSlope += w * ls;
        lowIntercept += w * li;
        upSlope += w * us;
        upIntercept += w * ui;
      } else {
        lowSlope += w * us;
        lowIntercept += w * ui;
        upSlope += w * ls;
        upIntercept += w * li;
      }
    }
    return new Relaxation(lowSlope, lowIntercept, upSlope, upIntercept, unstable);
  }

  @Override
  public String toString() {
    return key();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Activation a && a.getClass() == getClass() && a.key().equals(key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }
}
