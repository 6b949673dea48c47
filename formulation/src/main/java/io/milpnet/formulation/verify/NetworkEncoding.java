package io.milpnet.formulation.verify;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import java.util.List;

/**
 * A fixed network encoded over an input box exactly as the verifier encodes each box (layer by layer, every
 * constant from the bounds: interval arithmetic over the model's variables, intersected with the symbolic bounds when
 * asked): the model, its input variables, the outputs' signals and every ReLU unit. The verifier adds its margin
 * rows to such a model; formulation tests fix the inputs and compare it with the forward pass.
 */
public final class NetworkEncoding {
  private final Model model;
  private final Var[] inputs;
  private final Signal[] outputs;
  private final List<EncodedRelu> relus;
  private final int stable;
  private final int unstable;

  /** A ReLU unit of the encoding: its layer and unit (0-based), its pre-activation and its encoded output. */
  public record EncodedRelu(int layer, int unit, LinearExpr preActivation, ReluOutput output) {}

  private NetworkEncoding(Model model, Var[] inputs, BoxEncoder box, Signal[] outputs) {
    this.model = model;
    this.inputs = inputs;
    this.outputs = outputs;
    this.relus = List.copyOf(box.relus());
    this.stable = box.stable;
    this.unstable = box.unstable;
  }

  /**
   * The network over the box {@code [lo, hi]}, ReLUs by {@code relu}, with the symbolic bounds of the box intersected
   * into the interval ones when {@code symbolic}.
   */
  public static NetworkEncoding over(FixedNetwork network, double[] lo, double[] hi, ReluFormulation relu,
      boolean symbolic) {
    Model m = new Model("net");
    Var[] x = new Var[lo.length];
    for (int i = 0; i < lo.length; i++) {
      x[i] = m.addContinuous(lo[i], hi[i], "X_" + i, "input");
    }
    BoxEncoder box = new BoxEncoder(m, symbolic ? SymbolicBounds.over(network, lo, hi) : null, null, relu);
    return new NetworkEncoding(m, x, box, box.encode(network, x));
  }

  public Model model() {
    return model;
  }

  public Var[] inputs() {
    return inputs.clone();
  }

  public Signal[] outputs() {
    return outputs.clone();
  }

  /** The ReLU units of layer {@code layer} (0-based), in unit order; empty for a layer without ReLUs. */
  public List<EncodedRelu> relus(int layer) {
    return relus.stream().filter(r -> r.layer() == layer).toList();
  }

  /** Every ReLU unit, layer by layer. */
  public List<EncodedRelu> relus() {
    return relus;
  }

  /** ReLUs (and gates) whose bounds decide their phase: no binary. */
  public int stable() {
    return stable;
  }

  /** ReLUs (and gates) with a phase binary. */
  public int unstable() {
    return unstable;
  }
}
