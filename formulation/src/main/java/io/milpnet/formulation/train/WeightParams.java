package io.milpnet.formulation.train;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A block of trainable parameters (a layer's weights, a convolution's kernels, biases) as model variables, and what
 * every layer formulation does with them: the parameter as an expression, times an input signal (linear for data,
 * an exact product with binaries for a hidden activation), forced to zero by a mask, L0/L1 regularised, decoded from
 * a solution and assigned for start values.
 *
 * <p>Continuous parameters are {@code w in [-bound, bound]}; grid parameters are {@code w = scale (q+ - q-)} with
 * binaries q+, q- (the caller adds the row {@code q+ + q- <= 1}, or {@code = 1} for sign weights, possibly tied to a
 * mask); integer parameters are {@code w = scale (-K + sum_b 2^b u_b)} with binaries u_b (see
 * {@link WeightDomain.IntegerGrid}).
 */
public final class WeightParams {
  private final boolean grid;
  private final double bound;
  /** Integer parameters: K, the scale of one level, and the bits u[p][b] (null otherwise). */
  private final int levels;
  private final double step;
  final Var[][] bits;
  private final String what;
  final Var[] w;
  public final Var[] qPos;
  public final Var[] qNeg;
  private Var[] l0;
  private Var[] abs;
  /** Products {@code p = q x} of grid binaries and hidden activations, for start values. */
  private final List<Product> products = new ArrayList<>();

  private record Product(Var p, Var q, int sample, int input) {}

  private WeightParams(Model model, boolean grid, double bound, int size, IntFunction<String> name, String group,
      String what) {
    this.grid = grid;
    this.bound = bound;
    this.what = what;
    this.levels = 0;
    this.step = 0;
    this.bits = null;
    if (grid) {
      w = null;
      qPos = new Var[size];
      qNeg = new Var[size];
      for (int p = 0; p < size; p++) {
        qPos[p] = model.addBinary(what.charAt(0) + "pos" + name.apply(p), group);
        qNeg[p] = model.addBinary(what.charAt(0) + "neg" + name.apply(p), group);
      }
    } else {
      qPos = null;
      qNeg = null;
      w = new Var[size];
      for (int p = 0; p < size; p++) {
        w[p] = model.addContinuous(-bound, bound, what.charAt(0) + name.apply(p), group);
      }
    }
  }

  private WeightParams(Model model, WeightDomain.IntegerGrid domain, int size, IntFunction<String> name, String group,
      String what) {
    this.grid = false;
    this.bound = domain.maxAbs();
    this.what = what;
    this.levels = domain.levels();
    this.step = domain.scale();
    this.w = null;
    this.qPos = null;
    this.qNeg = null;
    this.bits = new Var[size][domain.bits()];
    for (int p = 0; p < size; p++) {
      LinearExpr.Builder sum = LinearExpr.builder();
      for (int b = 0; b < bits[p].length; b++) {
        bits[p][b] = model.addBinary(what.charAt(0) + "bit" + b + name.apply(p), group);
        sum.add(1 << b, bits[p][b]);
      }
      if ((1 << bits[p].length) - 1 > 2 * levels) {
        model.addLessOrEqual(what.charAt(0) + "int" + name.apply(p), sum.build(), 2.0 * levels);
      }
    }
  }

  /** Parameters in a weight domain: continuous, ternary or sign (q+, q-), or integer (bits). */
  public static WeightParams of(Model model, WeightDomain domain, int size, IntFunction<String> name, String group,
      String what) {
    if (domain instanceof WeightDomain.IntegerGrid integer) {
      return new WeightParams(model, integer, size, name, group, what);
    }
    return domain instanceof WeightDomain.Continuous
        ? continuous(model, domain.maxAbs(), size, name, group, what)
        : grid(model, domain.maxAbs(), size, name, group, what);
  }

  /** Continuous parameters in {@code [-bound, bound]} (bound may be 0). */
  public static WeightParams continuous(Model model, double bound, int size, IntFunction<String> name, String group,
      String what) {
    return new WeightParams(model, false, bound, size, name, group, what);
  }

  /** Grid parameters {@code scale * (q+ - q-)}. */
  static WeightParams grid(Model model, double scale, int size, IntFunction<String> name, String group, String what) {
    return new WeightParams(model, true, scale, size, name, group, what);
  }

  public boolean isGrid() {
    return grid;
  }

  /** The largest magnitude: the bound, or the grid's scale. */
  public double maxAbs() {
    return bound;
  }

  int size() {
    return grid ? qPos.length : bits != null ? bits.length : w.length;
  }

  /** Every variable of parameter p: its value or grid binaries or bits, and its L0 and L1 variables. */
  List<Var> vars(int p) {
    List<Var> out = new ArrayList<>();
    if (grid) {
      out.add(qPos[p]);
      out.add(qNeg[p]);
    } else if (bits != null) {
      out.addAll(List.of(bits[p]));
    } else {
      out.add(w[p]);
    }
    if (l0 != null) {
      out.add(l0[p]);
    }
    if (abs != null) {
      out.add(abs[p]);
    }
    return out;
  }

  /** The L0 indicator of parameter p ({@code |w_p| <= bound s_p}), or null without an L0 penalty or on a grid. */
  public Var l0(int p) {
    return l0 == null ? null : l0[p];
  }

  /** The L1 variable of parameter p ({@code t_p >= |w_p|}), or null without an L1 penalty or on a grid. */
  public Var abs(int p) {
    return abs == null ? null : abs[p];
  }

  public LinearExpr expr(int p) {
    if (grid) {
      return LinearExpr.builder().add(bound, qPos[p]).add(-bound, qNeg[p]).build();
    }
    if (bits != null) {
      LinearExpr.Builder e = LinearExpr.builder().addConstant(-levels * step);
      for (int b = 0; b < bits[p].length; b++) {
        e.add(step * (1 << b), bits[p][b]);
      }
      return e.build();
    }
    return LinearExpr.of(w[p]);
  }

  /** Grid parameters: {@code q+ + q-}, 1 when the parameter is nonzero. */
  public LinearExpr used(int p) {
    return LinearExpr.builder().add(qPos[p]).add(qNeg[p]).build();
  }

  /**
   * {@code mask = 0 => w_p = 0}: {@code q+ + q- <= mask} on a grid, {@code -bound mask <= w <= bound mask} when
   * continuous (the constant is the parameter's own bound).
   */
  public void zeroUnless(Model model, int p, Var mask, String name) {
    if (grid) {
      model.addLessOrEqual(name, used(p).plus(LinearExpr.term(-1.0, mask)), 0.0);
    } else if (bits != null) {
      model.addLessOrEqual(name + "_ub", expr(p).plus(LinearExpr.term(-bound, mask)), 0.0);
      model.addGreaterOrEqual(name + "_lb", expr(p).plus(LinearExpr.term(bound, mask)), 0.0);
    } else if (bound > 0) {
      model.addLessOrEqual(name + "_ub", LinearExpr.builder().add(w[p]).add(-bound, mask).build(), 0.0);
      model.addGreaterOrEqual(name + "_lb", LinearExpr.builder().add(w[p]).add(bound, mask).build(), 0.0);
    }
  }

  /**
   * {@code w_p * x} for input signal x of sample {@code sample}, input {@code input}: linear when x is a constant
   * (data); an exact product per grid binary when x is a variable. Continuous parameters times a variable are not a
   * MILP: refused.
   */
  public LinearExpr times(Model model, int p, Signal x, BinaryProductFormulation formulation, int sample, int input,
      String name) {
    if (x.isConstant()) {
      double c = x.constantValue();
      return c == 0.0 ? LinearExpr.zero() : expr(p).times(c);
    }
    if (bits != null) {
      // w x = step (-K x + sum_b 2^b (u_b x)).
      LinearExpr.Builder e = LinearExpr.builder().add(x.expr().times(-levels * step));
      for (int b = 0; b < bits[p].length; b++) {
        Var prod = formulation.encode(model, bits[p][b], x.expr(), x.bounds(), "bit" + b + name);
        products.add(new Product(prod, bits[p][b], sample, input));
        e.add(step * (1 << b), prod);
      }
      return e.build();
    }
    if (!grid) {
      throw new IllegalStateException(name + " multiplies a continuous weight by a variable input: not an exact"
          + " MILP; use a weight grid for layers fed by hidden activations");
    }
    Var pos = formulation.encode(model, qPos[p], x.expr(), x.bounds(), "pos" + name);
    Var neg = formulation.encode(model, qNeg[p], x.expr(), x.bounds(), "neg" + name);
    products.add(new Product(pos, qPos[p], sample, input));
    products.add(new Product(neg, qNeg[p], sample, input));
    return LinearExpr.builder().add(bound, pos).add(-bound, neg).build();
  }

  /**
   * The L1 and L0 penalties on these parameters: linear in the grid binaries ({@code |w| = s (q+ + q-)}); with new
   * variables for continuous ones ({@code t >= |w|}, and {@code |w| <= bound s} with s binary).
   */
  public LinearExpr regularise(Model model, double l1, double l0, IntFunction<String> name) {
    LinearExpr.Builder reg = LinearExpr.builder();
    if (grid) {
      double perWeight = l0 + l1 * bound;
      if (perWeight > 0) {
        for (int p = 0; p < size(); p++) {
          reg.add(perWeight, qPos[p]).add(perWeight, qNeg[p]);
        }
      }
      return reg.build();
    }
    if (l0 > 0) {
      this.l0 = new Var[size()];
      for (int p = 0; p < size(); p++) {
        this.l0[p] = model.addBinary("s" + name.apply(p), "weight-nonzero");
        zeroUnless(model, p, this.l0[p], "l0" + name.apply(p));
        reg.add(l0, this.l0[p]);
      }
    }
    if (l1 > 0) {
      abs = new Var[size()];
      for (int p = 0; p < size(); p++) {
        String n = name.apply(p);
        abs[p] = model.addContinuous(0.0, bound, "t" + n, "weight-abs");
        model.addGreaterOrEqual("l1_pos" + n, LinearExpr.of(abs[p]).plus(expr(p).times(-1.0)), 0.0);
        model.addGreaterOrEqual("l1_neg" + n, LinearExpr.of(abs[p]).plus(expr(p)), 0.0);
        reg.add(l1, abs[p]);
      }
    }
    return reg.build();
  }

  /**
   * The parameter's value in a solution: grid levels rounded; continuous values below 1e-9 (solver noise) and values
   * whose L0 indicator is 0 are exactly 0.
   */
  public double decode(double[] values, int p) {
    if (grid) {
      return bound * (Math.rint(values[qPos[p].index()]) - Math.rint(values[qNeg[p].index()]));
    }
    if (bits != null) {
      long n = -levels;
      for (int b = 0; b < bits[p].length; b++) {
        n += (long) Math.rint(values[bits[p][b].index()]) << b;
      }
      // An L0 indicator at 0 forces n = 0 exactly (its rows leave no room once the bits are integral).
      return step * n;
    }
    double v = values[w[p].index()];
    boolean zeroed = l0 != null && Math.rint(values[l0[p].index()]) == 0.0;
    return zeroed || Math.abs(v) <= 1e-9 ? 0.0 : v;
  }

  /** Writes the variables of parameter p for value v; an error naming it when v is outside the domain. */
  public void assign(double[] values, int p, double v, String label) {
    if (grid) {
      double q = v / bound;
      long r = Math.round(q);
      if (Math.abs(q - r) > 1e-9 || Math.abs(r) > 1) {
        throw new IllegalArgumentException(label + " = " + v + " is not on the grid {-1,0,1}*" + bound);
      }
      values[qPos[p].index()] = r > 0 ? 1 : 0;
      values[qNeg[p].index()] = r < 0 ? 1 : 0;
      return;
    }
    if (Math.abs(v) > bound + 1e-12) {
      throw new IllegalArgumentException(label + " = " + v + " exceeds the " + what + " bound " + bound);
    }
    if (bits != null) {
      double q = v / step;
      long n = Math.round(q);
      if (Math.abs(q - n) > 1e-9) {
        throw new IllegalArgumentException(label + " = " + v + " is not on the grid {-" + levels + ".." + levels
            + "}*" + step);
      }
      long offset = n + levels;
      for (int b = 0; b < bits[p].length; b++) {
        values[bits[p][b].index()] = (offset >> b) & 1;
      }
    } else {
      values[w[p].index()] = v;
    }
    if (l0 != null) {
      values[l0[p].index()] = v != 0.0 ? 1 : 0;
    }
    if (abs != null) {
      values[abs[p].index()] = Math.abs(v);
    }
  }

  /** Values of the product variables, once the grid binaries are assigned: {@code p = q * x[sample][input]}. */
  public void assignProducts(double[] values, double[][] inputs) {
    for (Product pr : products) {
      values[pr.p().index()] = values[pr.q().index()] * inputs[pr.sample()][pr.input()];
    }
  }
}
