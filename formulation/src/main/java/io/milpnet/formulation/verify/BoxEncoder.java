package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.ActivationUnit;
import io.milpnet.formulation.encode.GateFormulation;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.MaxFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The model of one input box while its layers encode themselves ({@link VerificationLayer#encode}): the formulations
 * they share with training, and the bounds of every expression a layer encodes, which are the big-M constants: interval
 * arithmetic over the model's variables, intersected with the symbolic bounds when there are any, then tightened by
 * an LP over the relaxation where a unit's phase is still open (OBBT, when a tightener is given).
 */
public final class BoxEncoder {
  public final Model model;
  private final SymbolicBounds symbolic;
  private final LpBoundTightener tightener;
  private final ReluFormulation relu;
  /** Verification's max pooling: the tight rows, never weaker in LP than the big-M ones and exact alike. */
  public final MaxFormulation max = new MaxFormulation(false, true);
  /** Verification's gates: big-M rows from the bounds, gap 0 so that no input is excluded. */
  public final GateFormulation gate = new GateFormulation(false, 0.0);
  private final List<Interval[]> ranges = new ArrayList<>();
  private final List<NetworkEncoding.EncodedRelu> relus = new ArrayList<>();
  int stable;
  int unstable;

  BoxEncoder(Model model, SymbolicBounds symbolic, LpBoundTightener tightener, ReluFormulation relu) {
    this.model = model;
    this.symbolic = symbolic;
    this.tightener = tightener;
    this.relu = relu;
  }

  /**
   * Encodes every layer of the network on top of the input variables (their bounds are the box): the outputs'
   * signals.
   */
  Signal[] encode(FixedNetwork network, Var[] inputs) {
    Signal[] signals = new Signal[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      signals[i] = new Signal(LinearExpr.of(inputs[i]), new Interval(model.lowerBound(inputs[i].index()),
          model.upperBound(inputs[i].index())));
    }
    for (int l = 0; l < network.verification().size(); l++) {
      signals = network.verification().get(l).encode(signals, l, this);
    }
    while (ranges.size() < network.verification().size()) {
      ranges.add(null);
    }
    return signals;
  }

  /**
   * The bounds of layer {@code layer}'s expressions, whose symbolic bounds are its {@code preActivation(layer, j)};
   * those with {@code tighten[j]} that straddle 0 are LP-tightened (not in the first layer, whose interval bounds
   * are exact). {@code tighten} may be null: none.
   */
  public Interval[] ranges(int layer, LinearExpr[] exprs, boolean[] tighten) {
    IntervalBounds intervals = IntervalBounds.of(model);
    boolean any = false;
    for (int j = 0; tighten != null && j < tighten.length; j++) {
      any |= tighten[j];
    }
    Model relaxation = tightener != null && layer > 0 && any ? tightener.relax(model) : null;
    Interval[] out = new Interval[exprs.length];
    List<Integer> open = new ArrayList<>();
    for (int j = 0; j < exprs.length; j++) {
      Interval range = intervals.range(exprs[j]);
      if (symbolic != null) {
        Interval s = symbolic.preActivation(layer, j);
        range = new Interval(Math.max(range.lo(), s.lo()), Math.min(range.hi(), s.hi()));
      }
      out[j] = range;
      if (tighten != null && tighten[j] && range.lo() < 0 && range.hi() > 0) {
        open.add(j);
      }
    }
    if (relaxation != null && !open.isEmpty()) {
      // The layer's open units are independent LPs over one relaxation: solved in parallel.
      List<LinearExpr> todo = new ArrayList<>();
      List<Interval> current = new ArrayList<>();
      for (int j : open) {
        todo.add(exprs[j]);
        current.add(out[j]);
      }
      Interval[] tight = tightener.tightenAll(relaxation, todo, current);
      for (int u = 0; u < tight.length; u++) {
        out[open.get(u)] = tight[u];
      }
    }
    while (ranges.size() <= layer) {
      ranges.add(null);
    }
    ranges.set(layer, out);
    return out;
  }

  /**
   * {@code f(a)} for the activation f, unit {@code unit} of layer {@code layer}: each of its ReLU pieces by the
   * verifier's ReLU formulation, counted and recorded in {@link #relus}.
   */
  Signal activation(int layer, int unit, Activation f, LinearExpr a, Interval range, String name) {
    ActivationUnit encoded = f.encode(model, new Signal(a, range), relu, false, name);
    for (ActivationUnit.Piece p : encoded.pieces()) {
      count(p.unit());
      LinearExpr pre = p.threshold() == 0.0 ? a : a.plus(LinearExpr.constant(-p.threshold()));
      relus.add(new NetworkEncoding.EncodedRelu(layer, unit, pre, p.unit()));
    }
    return encoded.output();
  }

  /** Every ReLU encoded so far, in order. */
  List<NetworkEncoding.EncodedRelu> relus() {
    return relus;
  }

  /** A gated unit by {@link #gate}. */
  public Signal gate(Signal value, Signal gateValue, String name) {
    GateFormulation.GateOutput out = gate.encode(model, value, gateValue, name);
    count(out.gate());
    return out.output();
  }

  private void count(ReluOutput out) {
    stable += out.phase() == null ? 1 : 0;
    unstable += out.phase() == null ? 0 : 1;
  }

  /** The bounds {@link #ranges} gave each layer (null for layers that asked none). */
  Interval[][] ranges() {
    return ranges.toArray(new Interval[0][]);
  }
}
