package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.ActivationUnit;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The activation of a layer's units over all samples, each unit encoded by its {@link Activation} (its pieces and
 * output). Shared by every layer kind with an activation.
 */
public final class EncodedActivation {
  final Activation activation;
  private final ActivationUnit[][] units;
  public final Signal[][] output;

  public EncodedActivation(Model model, Activation activation, Signal[][] pre, ReluFormulation reluFormulation,
      boolean indicators, String tag) {
    this.activation = activation;
    int samples = pre.length;
    int width = samples == 0 ? 0 : pre[0].length;
    units = new ActivationUnit[samples][width];
    output = new Signal[samples][width];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < width; j++) {
        units[i][j] = activation.encode(model, pre[i][j], reluFormulation, indicators, name(tag, i, j));
        output[i][j] = units[i][j].output();
      }
    }
  }

  private static String name(String tag, int i, int j) {
    return "[" + tag + ",s" + i + ",u" + j + "]";
  }

  /** Every ReLU piece of sample i, unit j that has a phase binary, with the pre-activation at which it switches on. */
  List<Phase> phases(int i, int j) {
    List<Phase> list = new ArrayList<>(2);
    for (ActivationUnit.Piece p : units[i][j].pieces()) {
      if (!p.step() && p.unit().phase() != null) {
        list.add(new Phase(p.unit(), p.threshold()));
      }
    }
    return list;
  }

  /** The first piece of sample i, unit j (the ReLU of a ReLU unit), stable or not. */
  ReluOutput firstPiece(int i, int j) {
    return units[i][j].pieces().get(0).unit();
  }

  /** Whether the activation has step pieces (whose shortfall decoding repairs). */
  boolean hasSteps() {
    for (ActivationUnit[] row : units) {
      for (ActivationUnit u : row) {
        if (u.pieces().stream().anyMatch(ActivationUnit.Piece::step)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The step piece of sample i, unit j, or null. */
  ReluOutput step(int i, int j) {
    for (ActivationUnit.Piece p : units[i][j].pieces()) {
      if (p.step()) {
        return p.unit();
      }
    }
    return null;
  }

  /** The phase binaries of sample i, unit j: ReLU pieces, then steps. */
  List<Var> binaries(int i, int j) {
    List<Var> vars = new ArrayList<>(2);
    for (Phase p : phases(i, j)) {
      vars.add(p.unit().phase());
    }
    ReluOutput step = step(i, j);
    if (step != null && step.phase() != null) {
      vars.add(step.phase());
    }
    return vars;
  }

  /** The phase binaries of sample i, piece by piece (every unit's first piece, then every unit's second, ...). */
  List<Var> sampleBinaries(int i) {
    List<Var> out = new ArrayList<>();
    int most = 0;
    for (ActivationUnit u : units[i]) {
      most = Math.max(most, u.pieces().size());
    }
    for (int p = 0; p < most; p++) {
      for (ActivationUnit u : units[i]) {
        if (p < u.pieces().size() && u.pieces().get(p).unit().phase() != null) {
          out.add(u.pieces().get(p).unit().phase());
        }
      }
    }
    return out;
  }

  /**
   * Writes the phase and output variables of sample i, unit j for pre-activation a (and any auxiliary copies of the
   * ReLU formulation, from the pre-activation's variables, which the layer writes first); returns the activation.
   */
  double assign(double[] values, int i, int j, double a) {
    double h = activation.apply(a);
    for (ActivationUnit.Piece p : units[i][j].pieces()) {
      if (p.unit().phase() == null) {
        continue;
      }
      values[p.unit().phase().index()] = p.on(a) ? 1 : 0;
      if (!p.step()) {
        values[p.unit().value().index()] = Math.max(0.0, a - p.threshold());
        p.unit().completeStart(values);
      }
    }
    return h;
  }

  /** Activation pieces the bounds proved stable. */
  int stable() {
    return count(true);
  }

  /** Activation pieces with a phase binary: not decided by the bounds. */
  int unstable() {
    return count(false);
  }

  private int count(boolean stable) {
    int n = 0;
    for (ActivationUnit[] row : units) {
      for (ActivationUnit u : row) {
        for (ActivationUnit.Piece p : u.pieces()) {
          n += (p.unit().phase() == null) == stable ? 1 : 0;
        }
      }
    }
    return n;
  }

  /** A ReLU-like piece {@code relu(a - threshold)} of an activation. */
  record Phase(ReluOutput unit, double threshold) {}
}
